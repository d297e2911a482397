import { describe, expect, it } from 'vitest';
import type { PresentPerson } from '../../shared/protocol/snapshot.ts';
import { filterPresentPeople, sortPresentPeople } from '../../client/src/lib/presence-people.ts';
import { timerRunState } from '../../client/src/lib/timer-controls.ts';
import { newTimer } from '../../shared/model/timer.ts';

const person = (name: string, role: PresentPerson['role'], organisation: string | null = null, country: string | null = null): PresentPerson => ({
  personId: `u_${name.replace(/\W/g, '')}`,
  name,
  role,
  organisation,
  country,
  attendance: 'hall',
  connections: 1,
});

describe('the chair’s list of people present', () => {
  const people = [
    person('Ketevan Abashidze', 'participant', 'Civil Service Bureau', 'Georgia'),
    person('Zarina Audience', 'audience'),
    person('Lieve Vermeulen', 'panellist', 'Federal Public Service for Policy and Support', 'Belgium'),
    person('Arman Kenzhebekov', 'moderator'),
    person('Aminath Sheeza', 'panellist', 'Civil Service Commission', 'Maldives'),
  ];

  it('shows staff first, then by name', () => {
    expect(sortPresentPeople(people).map((p) => p.name)).toEqual([
      'Arman Kenzhebekov',
      'Aminath Sheeza',
      'Lieve Vermeulen',
      'Ketevan Abashidze',
      'Zarina Audience',
    ]);
  });

  it('finds people by name, organisation or country, ignoring case', () => {
    expect(filterPresentPeople(people, 'georgia').map((p) => p.name)).toEqual(['Ketevan Abashidze']);
    expect(filterPresentPeople(people, 'civil service').map((p) => p.name)).toEqual(['Ketevan Abashidze', 'Aminath Sheeza']);
    expect(filterPresentPeople(people, ' ')).toHaveLength(5);
  });
});

describe('a timer’s main button', () => {
  const timer = newTimer(600_000, 120_000, 60_000);
  it('starts an idle timer, pauses a running one, resumes a paused one', () => {
    expect(timerRunState(timer)).toBe('idle');
    expect(timerRunState({ ...timer, runningSinceMs: 1_684_301_400_000 })).toBe('running');
    expect(timerRunState({ ...timer, accumulatedMs: 90_000 })).toBe('paused');
  });
});
