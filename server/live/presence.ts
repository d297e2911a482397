import type { Person } from '../../shared/model/person.ts';
import type { PresenceCounts, PresentPerson } from '../../shared/protocol/snapshot.ts';
import { ATTENDANCE, ROLES, type Role } from '../../shared/roles.ts';

type Entry = { person: Person; role: Role; connections: Set<string> };

/**
 * Who is in each room, as the transport tells it: enter and leave are this process's
 * connections; counts and list are the room's, whichever process the people are connected to.
 */
export interface PresenceBook {
  /** Returns true when the person was not present on this process before. */
  enter(roomId: string, person: Person, role: Role, connectionId: string): boolean;
  /** Returns true when that was the person's last connection on this process. */
  leave(roomId: string, personId: string, connectionId: string): boolean;
  counts(roomId: string): Promise<PresenceCounts>;
  list(roomId: string): Promise<PresentPerson[]>;
}

/** A room's people, with their counts kept as they come and go: a join burst must not count the room once per join. */
type Room = { people: Map<string, Entry>; counts: PresenceCounts };

function emptyCounts(roomId: string): PresenceCounts {
  return {
    roomId,
    total: 0,
    byRole: Object.fromEntries(ROLES.map((role) => [role, 0])) as PresenceCounts['byRole'],
    byAttendance: Object.fromEntries(ATTENDANCE.map((a) => [a, 0])) as PresenceCounts['byAttendance'],
  };
}

function count(counts: PresenceCounts, entry: Entry, sign: 1 | -1): void {
  counts.total += sign;
  counts.byRole[entry.role] += sign;
  counts.byAttendance[entry.person.attendance] += sign;
}

/** Who is in each room of this process. A person with several tabs or devices is one entry with several connections. */
export class Presence implements PresenceBook {
  private readonly rooms = new Map<string, Room>();

  /** Returns true when the person was not present before (the counts changed). */
  enter(roomId: string, person: Person, role: Role, connectionId: string): boolean {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = { people: new Map(), counts: emptyCounts(roomId) }));
    const entry = room.people.get(person.id);
    if (entry) {
      entry.connections.add(connectionId);
      return false;
    }
    const arrived: Entry = { person, role, connections: new Set([connectionId]) };
    room.people.set(person.id, arrived);
    count(room.counts, arrived, 1);
    return true;
  }

  /** Returns true when that was the person's last connection (the counts changed). */
  leave(roomId: string, personId: string, connectionId: string): boolean {
    const room = this.rooms.get(roomId);
    const entry = room?.people.get(personId);
    if (!room || !entry) return false;
    entry.connections.delete(connectionId);
    if (entry.connections.size > 0) return false;
    room.people.delete(personId);
    count(room.counts, entry, -1);
    if (room.people.size === 0) this.rooms.delete(roomId);
    return true;
  }

  async counts(roomId: string): Promise<PresenceCounts> {
    return this.countsNow(roomId);
  }

  async list(roomId: string): Promise<PresentPerson[]> {
    return this.listNow(roomId);
  }

  /** How many people are in the room on this process: what makes a room large enough for its presence to wait. */
  size(roomId: string): number {
    return this.rooms.get(roomId)?.people.size ?? 0;
  }

  /** Rooms where someone is connected to this process. */
  roomIds(): string[] {
    return [...this.rooms.keys()];
  }

  /** The person as present in the room, with their connections to this process; null when they have none. */
  personIn(roomId: string, personId: string): PresentPerson | null {
    const entry = this.rooms.get(roomId)?.people.get(personId);
    return entry ? present(entry) : null;
  }

  /** A copy: callers keep what they were given while the room changes. */
  countsNow(roomId: string): PresenceCounts {
    const counts = this.rooms.get(roomId)?.counts ?? emptyCounts(roomId);
    return { ...counts, byRole: { ...counts.byRole }, byAttendance: { ...counts.byAttendance } };
  }

  listNow(roomId: string): PresentPerson[] {
    return [...(this.rooms.get(roomId)?.people.values() ?? [])].map(present);
  }
}

function present({ person, role, connections }: Entry): PresentPerson {
  return {
    personId: person.id,
    name: person.name,
    role,
    organisation: person.organisation,
    country: person.country,
    attendance: person.attendance,
    connections: connections.size,
  };
}
