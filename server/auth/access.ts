import type { Person } from '../../shared/model/person.ts';
import type { Role } from '../../shared/roles.ts';

/** What a role depends on of a room: its id and the hall it is held in. */
export type RoomRef = { id: string; hall: string | null };

/**
 * A person's role in a room: a room-scoped role applies only in its room, a hall display's in
 * every session of its hall; elsewhere they are audience.
 */
export function roleInRoom(person: Person, room: RoomRef): Role {
  if (person.hallId) return person.hallId === room.hall ? person.role : 'audience';
  if (person.roomId === null || person.roomId === room.id) return person.role;
  return 'audience';
}
