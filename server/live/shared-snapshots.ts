import type { PollResults } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { TotalsVersions } from './totals-versions.ts';

/** Who sees a room alike: the chair everything, the stage all but quiz answers not yet due, everyone else the public view. */
export type Audience = 'chair' | 'stage' | 'public';

/** The part of a snapshot every member of one audience gets alike, whoever they are. */
export type SharedPart = {
  state: RoomState;
  votes: Record<string, number>;
  results: PollResults[];
  responses: Record<string, number>;
};

type Entry = { revision: number; totals: number; parts: Map<Audience, Promise<SharedPart>> };

/**
 * One reading of a room's shared part per audience, reused by every joiner while the room's
 * revision and its totals version (server/live/totals-versions.ts) stay the same: in a join
 * burst the tallies and question votes were read, and the views projected, once per join.
 * A change to either makes the next joiner read afresh, so a joiner gets what a reading of its
 * own would have given. Callers must not change what they get: it is shared.
 */
export class SharedSnapshots {
  private readonly rooms = new Map<string, Entry>();

  constructor(private readonly totals: TotalsVersions) {}

  part(state: RoomState, audience: Audience, read: () => Promise<SharedPart>): Promise<SharedPart> {
    const totals = this.totals.of(state.roomId);
    let entry = this.rooms.get(state.roomId);
    if (!entry || entry.revision !== state.revision || entry.totals !== totals) {
      entry = { revision: state.revision, totals, parts: new Map() };
      this.rooms.set(state.roomId, entry);
    }
    const cached = entry.parts.get(audience);
    if (cached) return cached;
    const reading = read();
    entry.parts.set(audience, reading);
    // A failed reading is not kept: the next joiner tries again.
    const parts = entry.parts;
    reading.catch(() => {
      if (parts.get(audience) === reading) parts.delete(audience);
    });
    return reading;
  }
}
