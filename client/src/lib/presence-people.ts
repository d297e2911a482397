import { ROLES } from '../../../shared/roles.ts';
import type { PresentPerson } from '../../../shared/protocol/snapshot.ts';

/** Staff first (organiser, moderator, panellists…), then by name: the order a chair scans a room. */
export function sortPresentPeople(people: readonly PresentPerson[]): PresentPerson[] {
  return [...people].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name));
}

/** Case-insensitive search over name, organisation and country. */
export function filterPresentPeople(people: readonly PresentPerson[], query: string): PresentPerson[] {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return [...people];
  return people.filter((p) => [p.name, p.organisation, p.country].some((field) => field?.toLocaleLowerCase().includes(needle)));
}
