import type { Person } from '../../shared/model/person.ts';
import type { Role } from '../../shared/roles.ts';

/** A person's role in a room: a room-scoped role applies only in its room; elsewhere they are audience. */
export function roleInRoom(person: Person, roomId: string): Role {
  if (person.roomId === null || person.roomId === roomId) return person.role;
  return 'audience';
}
