import { createHash } from 'node:crypto';
import { upgradeRoomState, type RoomState } from '../../../shared/model/room.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import type { CommandReceipt, CommitOutcome } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/** Each room's state, revision, deltas and command receipts in the Redis store, under the room's own hash tag (its Store methods delegate here). */
export class RedisRooms {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async load(roomId: string): Promise<RoomState | null> {
    const json = await this.call((redis) => redis.get(this.keys.roomState(roomId)));
    return json ? upgradeRoomState(JSON.parse(json) as RoomState) : null;
  }

  async commit(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt, before?: RoomState): Promise<CommitOutcome> {
    if (next.roomId !== delta.roomId || next.revision !== delta.revision) {
      throw new Error(`state ${next.roomId}@${next.revision} does not follow delta ${delta.roomId}@${delta.revision}`);
    }
    const { keys } = this;
    const { roomId, revision } = delta;
    const roomKeys = [keys.roomState(roomId), keys.roomRevision(roomId), keys.roomDeltas(roomId)] as const;
    const baseSha1 = before ? createHash('sha1').update(JSON.stringify(before)).digest('hex') : '';
    const commitArgs = [revision - 1, revision, JSON.stringify(delta), JSON.stringify(next), keys.roomCommits(), baseSha1] as const;
    const committed = await this.write<number>((redis) =>
      receipt
        ? redis.plenaryCommitRoomWithReceipt(
            ...roomKeys,
            keys.commandReceipt(roomId, receipt.personId, receipt.commandId),
            ...commitArgs,
            `${Math.trunc(receipt.expiresAtMs)} ${receipt.result}`,
            delta.atMs,
            Math.max(1, Math.trunc(receipt.expiresAtMs - delta.atMs)),
          )
        : redis.plenaryCommitRoom(...roomKeys, ...commitArgs),
    );
    return committed === 1 ? 'committed' : committed === 2 ? 'duplicate' : 'conflict';
  }

  async commandReceipt(roomId: string, personId: string, commandId: string, nowMs: number): Promise<string | null> {
    const stored = await this.call((redis) => redis.get(this.keys.commandReceipt(roomId, personId, commandId)));
    if (stored === null) return null;
    const space = stored.indexOf(' ');
    return Number(stored.slice(0, space)) > nowMs ? stored.slice(space + 1) : null;
  }

  /** The stored revision alone, far cheaper than loadRoom: tells a process whether its copy is behind. */
  async revision(roomId: string): Promise<number | null> {
    const revision = await this.call((redis) => redis.get(this.keys.roomRevision(roomId)));
    return revision === null ? null : Number(revision);
  }

  async deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]> {
    if (limit <= 0) return [];
    // Entry ids are `<revision>-0`, so "after revision" starts at the next revision's id.
    const start = `${Math.max(0, Math.floor(revision)) + 1}-0`;
    const entries = await this.call((redis) => redis.xrange(this.keys.roomDeltas(roomId), start, '+', 'COUNT', limit));
    return entries.map(([, fields]) => JSON.parse(fields[1]!) as RoomDelta);
  }
}
