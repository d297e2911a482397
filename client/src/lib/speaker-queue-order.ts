import type { Floor } from '../../../shared/model/floor.ts';
import type { PresentPerson } from '../../../shared/protocol/snapshot.ts';

export type DropPlace = 'before' | 'after';

/**
 * The `toIndex` floor.reorder expects when a request is dropped before or after another one.
 * floor.reorder takes the request out and puts it back at `toIndex`, so a request moving down
 * the list lands one place earlier than the gap it was dropped into. Null: nothing would move.
 */
export function reorderIndex(fromIndex: number, targetIndex: number, place: DropPlace): number | null {
  const gap = place === 'before' ? targetIndex : targetIndex + 1;
  const toIndex = gap > fromIndex ? gap - 1 : gap;
  return toIndex === fromIndex ? null : toIndex;
}

/** One place up (-1) or down (+1), for the keyboard alternative to dragging; null at either end. */
export function movedIndex(fromIndex: number, step: -1 | 1, length: number): number | null {
  const toIndex = fromIndex + step;
  return toIndex < 0 || toIndex >= length ? null : toIndex;
}

/**
 * People present whom the chair could put on the list: not already waiting, not speaking now
 * (nor interrupted, waiting to resume), and not a display screen. Sorted by name, the way a moderator scans for someone.
 */
export function speakerCandidates(people: readonly PresentPerson[], floor: Floor): PresentPerson[] {
  const taken = new Set<string>();
  for (const request of floor.queue) if (request.speaker.personId) taken.add(request.speaker.personId);
  if (floor.current?.speaker.personId) taken.add(floor.current.speaker.personId);
  if (floor.suspended?.turn.speaker.personId) taken.add(floor.suspended.turn.speaker.personId);
  return people
    .filter((person) => person.role !== 'display' && !taken.has(person.personId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** "Belgium · Federal Public Service…": what tells two people of the same name apart. */
export function affiliation(speaker: { organisation: string | null; country: string | null }): string {
  return [speaker.country, speaker.organisation].filter((part): part is string => !!part).join(' · ');
}
