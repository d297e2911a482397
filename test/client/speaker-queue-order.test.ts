import { describe, expect, it } from 'vitest';
import type { Floor, SpeakerRequest } from '../../shared/model/floor.ts';
import type { PresentPerson } from '../../shared/protocol/snapshot.ts';
import { affiliation, movedIndex, reorderIndex, speakerCandidates } from '../../client/src/lib/speaker-queue-order.ts';

/** floor.reorder's own rule: take the request out, put it back at toIndex. */
function reorder<T>(list: T[], from: number, to: number): T[] {
  const copy = [...list];
  const [moved] = copy.splice(from, 1);
  copy.splice(Math.min(to, copy.length), 0, moved as T);
  return copy;
}

describe('dropping a dragged speaker', () => {
  const panel = ['Vermeulen', 'Thibodeau-Clark', 'Sheeza', 'Abashidze'];

  it.each([
    // [from, target, place, expected order]
    [3, 0, 'before', ['Abashidze', 'Vermeulen', 'Thibodeau-Clark', 'Sheeza']],
    [0, 3, 'after', ['Thibodeau-Clark', 'Sheeza', 'Abashidze', 'Vermeulen']],
    [0, 2, 'before', ['Thibodeau-Clark', 'Vermeulen', 'Sheeza', 'Abashidze']],
    [0, 2, 'after', ['Thibodeau-Clark', 'Sheeza', 'Vermeulen', 'Abashidze']],
    [2, 1, 'before', ['Vermeulen', 'Sheeza', 'Thibodeau-Clark', 'Abashidze']],
  ] as const)('from %i onto %i (%s) gives the order the moderator saw', (from, target, place, expected) => {
    const toIndex = reorderIndex(from, target, place);
    expect(toIndex).not.toBeNull();
    expect(reorder(panel, from, toIndex!)).toEqual(expected);
  });

  it('sends nothing when the drop leaves the speaker where they were', () => {
    expect(reorderIndex(1, 1, 'before')).toBeNull();
    expect(reorderIndex(1, 1, 'after')).toBeNull();
    expect(reorderIndex(1, 0, 'after')).toBeNull();
    expect(reorderIndex(1, 2, 'before')).toBeNull();
  });
});

describe('moving a speaker with the arrow buttons', () => {
  it('moves one place and stops at either end', () => {
    expect(movedIndex(2, -1, 4)).toBe(1);
    expect(movedIndex(2, 1, 4)).toBe(3);
    expect(movedIndex(0, -1, 4)).toBeNull();
    expect(movedIndex(3, 1, 4)).toBeNull();
  });
});

const person = (personId: string, name: string, role: PresentPerson['role'] = 'panellist'): PresentPerson => ({
  personId,
  name,
  role,
  organisation: null,
  country: null,
  attendance: 'hall',
  connections: 1,
});
const speaker = (personId: string | null, name: string) => ({ personId, name, organisation: null, country: null });
const request = (id: string, personId: string | null, name: string): SpeakerRequest => ({
  id,
  speaker: speaker(personId, name),
  kind: 'contribution',
  requestedAtMs: 0,
  allottedMs: null,
  addedByModerator: true,
});

describe('people the chair can add to the list', () => {
  it('leaves out whoever is waiting or speaking, and the display screens, sorted by name', () => {
    const floor: Floor = {
      listOpen: true,
      queue: [request('r1', 'u_sheeza', 'Aminath Sheeza'), request('r2', null, 'Walk-in Delegate')],
      current: { requestId: 'r0', speaker: speaker('u_vermeulen', 'Lieve Vermeulen'), kind: 'contribution', allottedMs: 600_000, startedAtMs: 0 },
      finished: [],
      suspended: null,
      ledger: [],
    };
    const present = [
      person('u_vermeulen', 'Lieve Vermeulen'),
      person('u_thibodeau', 'Genevieve Thibodeau-Clark'),
      person('u_sheeza', 'Aminath Sheeza'),
      person('u_abashidze', 'Ketevan Abashidze', 'participant'),
      person('u_stage', 'Stage display', 'display'),
    ];
    expect(speakerCandidates(present, floor).map((p) => p.name)).toEqual(['Genevieve Thibodeau-Clark', 'Ketevan Abashidze']);
  });

  it('leaves out a speaker whose turn a point of order interrupted: it will resume', () => {
    const keynote = { requestId: 'r0', speaker: speaker('u_vermeulen', 'Lieve Vermeulen'), kind: 'contribution' as const, allottedMs: 600_000, startedAtMs: 0 };
    const floor: Floor = {
      listOpen: true,
      queue: [],
      current: { requestId: 'r3', speaker: speaker('u_abashidze', 'Ketevan Abashidze'), kind: 'point_of_order', allottedMs: 120_000, startedAtMs: 60_000 },
      finished: [],
      suspended: { turn: keynote, timer: { durationMs: 600_000, runningSinceMs: null, accumulatedMs: 60_000, warningMs: 0, dangerMs: 0 }, suspendedAtMs: 60_000 },
      ledger: [],
    };
    const present = [person('u_vermeulen', 'Lieve Vermeulen'), person('u_thibodeau', 'Genevieve Thibodeau-Clark'), person('u_abashidze', 'Ketevan Abashidze', 'participant')];
    expect(speakerCandidates(present, floor).map((p) => p.name)).toEqual(['Genevieve Thibodeau-Clark']);
  });
});

describe('a speaker affiliation line', () => {
  it('joins country and organisation, skipping what is unknown', () => {
    expect(affiliation({ country: 'Georgia', organisation: 'Civil Service Bureau' })).toBe('Georgia · Civil Service Bureau');
    expect(affiliation({ country: null, organisation: 'Civil Service Bureau' })).toBe('Civil Service Bureau');
    expect(affiliation({ country: null, organisation: null })).toBe('');
  });
});
