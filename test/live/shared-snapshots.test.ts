import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/model/room.ts';
import { SharedSnapshots, type SharedPart } from '../../server/live/shared-snapshots.ts';
import { TotalsVersions } from '../../server/live/totals-versions.ts';
import type { PushKey } from '../../server/live/ballots.ts';
import type { Pushes } from '../../server/live/push-scheduler.ts';

const state = (revision: number) => ({ roomId: 'r', revision }) as RoomState;
const part = (n: number) => ({ state: state(n), votes: {}, results: [], responses: {} }) as SharedPart;

function setup() {
  const marked: string[] = [];
  const inner: Pushes<PushKey> = { mark: (_roomId, key) => void marked.push(key), drain: async () => {}, stop: () => {} };
  const totals = new TotalsVersions();
  const pushes = totals.counting(inner);
  let reads = 0;
  const read = () => Promise.resolve(part(++reads));
  return { marked, pushes, shared: new SharedSnapshots(totals), read, reads: () => reads };
}

describe('SharedSnapshots', () => {
  it('reads once per audience while the revision and the totals stay; a tally or vote change or a new revision reads again, presence does not', async () => {
    const { pushes, shared, read, reads, marked } = setup();
    await shared.part(state(1), 'public', read);
    await shared.part(state(1), 'public', read);
    await shared.part(state(1), 'chair', read);
    expect(reads()).toBe(2);
    pushes.mark('r', 'presence');
    await shared.part(state(1), 'public', read);
    expect(reads()).toBe(2);
    pushes.mark('r', 'poll:p1');
    await shared.part(state(1), 'public', read);
    pushes.mark('r', 'votes:q1');
    await shared.part(state(1), 'public', read);
    await shared.part(state(2), 'public', read);
    expect(reads()).toBe(5);
    expect(marked).toEqual(['presence', 'poll:p1', 'votes:q1']);
  });

  it('keeps no failed reading: the next joiner reads again', async () => {
    const { shared, read, reads } = setup();
    await expect(shared.part(state(1), 'public', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await shared.part(state(1), 'public', read);
    expect(reads()).toBe(1);
  });
});
