import { emptyHallState, type HallState } from '../../../shared/model/hall.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/** Which session each hall's screens show, one revisioned hash per hall (its Store methods delegate here). */
export class RedisHalls {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async load(eventId: string, hallId: string): Promise<HallState> {
    const [revision, roomId, changedAtMs] = await this.call((redis) => redis.hmget(this.keys.hall(eventId, hallId), 'revision', 'roomId', 'changedAtMs'));
    if (revision === null) return emptyHallState(eventId, hallId);
    return { eventId, hallId, revision: Number(revision), roomId: roomId ?? null, changedAtMs: changedAtMs ? Number(changedAtMs) : null };
  }

  async switch(eventId: string, hallId: string, roomId: string, nowMs: number): Promise<HallState> {
    const [revision, held, changedAtMs] = await this.write<[number, string, number]>((redis) => redis.plenarySwitchHall(this.keys.hall(eventId, hallId), roomId, nowMs));
    return { eventId, hallId, revision: Number(revision), roomId: held, changedAtMs: Number(changedAtMs) };
  }
}
