import { randomBytes } from 'node:crypto';
import type { Person } from '../../shared/model/person.ts';
import type { PresenceCounts, PresentPerson } from '../../shared/protocol/snapshot.ts';
import { ATTENDANCE, ROLES, type Role } from '../../shared/roles.ts';
import { Presence, type PresenceBook } from '../live/presence.ts';
import type { RedisClient } from '../store/redis/connection.ts';
import type { RedisKeys } from '../store/redis/keys.ts';
import { toStoreFailure } from '../store/redis/store-failures.ts';

/** How long a process counts as alive after its last heartbeat; its presence is removed after that. */
export const PROCESS_TTL_MS = 3_000;
const HEARTBEAT_MS = 1_000;

export type ClusterPresenceOptions = {
  redis: RedisClient;
  keys: RedisKeys;
  /** A room's counts changed: push them. */
  changed: (roomId: string) => void;
  onError: (error: unknown) => void;
};

type StoredPerson = Omit<PresentPerson, 'connections'>;

/**
 * Presence across server processes: a person with tabs on two processes counts once.
 *
 * Each process keeps its own connections in memory (as with one process) and writes, per
 * room, how many connections each person has on it. A script adds the difference to the
 * person's connections across the cluster and keeps the room's counts by role and attendance,
 * so reading the counts is one small hash, however large the room.
 *
 * Each process writes under an id of its own with a heartbeat key that expires unless renewed.
 * When a process dies its heartbeat expires and any other process removes what it had counted.
 * When this process may have missed writes (Redis was unreachable, or its heartbeat expired),
 * it takes a new id, writes its whole presence again under it, and removes the old one: the
 * counts converge on what the processes actually hold.
 */
export class ClusterPresence implements PresenceBook {
  private readonly local = new Presence();
  private id = newProcessId();
  private timer: NodeJS.Timeout | null = null;
  /** Set when a write failed: the next heartbeat rewrites everything under a new id. */
  private lost = false;
  private beating: Promise<void> | null = null;
  /** Per room, the SADD that lists the room under the current id: presence in a room is written only after it. */
  private listed = new Map<string, Promise<unknown>>();

  constructor(private readonly options: ClusterPresenceOptions) {}

  get processId(): string {
    return this.id;
  }

  async start(): Promise<void> {
    await this.register(this.id);
    this.timer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
  }

  enter(roomId: string, person: Person, role: Role, connectionId: string): boolean {
    const arrived = this.local.enter(roomId, person, role, connectionId);
    this.write(roomId, person.id);
    return arrived;
  }

  leave(roomId: string, personId: string, connectionId: string): boolean {
    const left = this.local.leave(roomId, personId, connectionId);
    this.write(roomId, personId);
    return left;
  }

  async counts(roomId: string): Promise<PresenceCounts> {
    const stored = await this.call((redis) => redis.hgetall(this.options.keys.presenceCounts(roomId)));
    const count = (field: string) => Math.max(0, Number(stored[field] ?? 0));
    return {
      roomId,
      total: count('total'),
      byRole: Object.fromEntries(ROLES.map((role) => [role, count(`role:${role}`)])) as PresenceCounts['byRole'],
      byAttendance: Object.fromEntries(ATTENDANCE.map((a) => [a, count(`attendance:${a}`)])) as PresenceCounts['byAttendance'],
    };
  }

  async list(roomId: string): Promise<PresentPerson[]> {
    const { keys } = this.options;
    const [people, connections] = await this.call((redis) =>
      Promise.all([redis.hgetall(keys.presencePeople(roomId)), redis.hgetall(keys.presenceConnections(roomId))]),
    );
    return Object.entries(people)
      .map(([personId, json]) => ({ ...(JSON.parse(json) as StoredPerson), connections: Number(connections[personId] ?? 0) }))
      .filter((person) => person.connections > 0)
      .sort((a, b) => a.name.localeCompare(b.name) || a.personId.localeCompare(b.personId));
  }

  /** Writes everything again under a new id at the next heartbeat: Redis may have lost writes it had answered. */
  rewrite(): void {
    this.lost = true;
  }

  /** Removes this process's presence from the cluster: on an orderly shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.remove(this.id).catch(this.options.onError);
  }

  /**
   * The room is listed under this process's id before any presence is written in it, so a dead
   * process's entries can always be found (on a Redis Cluster the two keys live on different
   * shards, so no transaction can hold both). Writes queue behind the listing in call order, on
   * one connection, so a person's enter and leave reach Redis in order.
   */
  private write(roomId: string, personId: string): void {
    const { redis } = this.options;
    const id = this.id;
    const entry = this.local.personIn(roomId, personId);
    const group = entry ? groupOf(entry) : [personId, 0, '', '', ''];
    this.listing(roomId, id)
      .then(() => redis.plenaryPresenceSet(...this.roomKeys(roomId, id), ...group))
      .then((changed) => {
        if (changed === 1) this.options.changed(roomId);
      })
      .catch((error: unknown) => {
        this.lost = true;
        this.options.onError(error);
      });
  }

  private listing(roomId: string, id: string): Promise<unknown> {
    let listed = this.listed.get(roomId);
    if (!listed) {
      const { redis, keys } = this.options;
      listed = redis.sadd(keys.processRooms(id), roomId);
      this.listed.set(roomId, listed);
      const failed = listed;
      failed.catch(() => {
        if (this.listed.get(roomId) === failed) this.listed.delete(roomId);
      });
    }
    return listed;
  }

  private heartbeat(): Promise<void> {
    this.beating ??= this.beat().finally(() => {
      this.beating = null;
    });
    return this.beating;
  }

  private async beat(): Promise<void> {
    const { redis, keys } = this.options;
    try {
      const renewed = await redis.set(keys.processAlive(this.id), '1', 'PX', PROCESS_TTL_MS, 'XX');
      // Our heartbeat had expired (others may already have removed our presence), or a write was lost.
      if (renewed === null || this.lost) await this.reincarnate();
      await this.reapDead();
    } catch (error) {
      this.lost = true;
      this.options.onError(error);
    }
  }

  /** Writes everything this process holds under a fresh id, then removes what the old id had written. */
  private async reincarnate(): Promise<void> {
    const previous = this.id;
    const next = newProcessId();
    await this.register(next);
    this.id = next;
    this.listed = new Map();
    this.lost = false;
    for (const roomId of this.local.roomIds()) {
      const groups = this.local.listNow(roomId).flatMap(groupOf);
      if (groups.length === 0) continue;
      await this.listing(roomId, next);
      await this.options.redis.plenaryPresenceSet(...this.roomKeys(roomId, next), ...groups);
      this.options.changed(roomId);
    }
    await this.remove(previous);
  }

  private async register(id: string): Promise<void> {
    const { redis, keys } = this.options;
    await redis.multi().set(keys.processAlive(id), '1', 'PX', PROCESS_TTL_MS).sadd(keys.processes(), id).exec();
  }

  /** Removes the presence of every process whose heartbeat has expired; several processes may do it at once. */
  private async reapDead(): Promise<void> {
    const { redis, keys } = this.options;
    const ids = await redis.smembers(keys.processes());
    const others = ids.filter((id) => id !== this.id);
    if (others.length === 0) return;
    const alive = await redis.pipeline(others.map((id) => ['exists', keys.processAlive(id)])).exec();
    for (const [i, id] of others.entries()) {
      const [error, exists] = alive?.[i] ?? [null, 1];
      if (!error && exists === 0) await this.remove(id);
    }
  }

  private async remove(id: string): Promise<void> {
    const { redis, keys } = this.options;
    const rooms = await redis.smembers(keys.processRooms(id));
    for (const roomId of rooms) {
      if ((await redis.plenaryPresenceClear(...this.roomKeys(roomId, id))) === 1) this.options.changed(roomId);
    }
    await redis.multi().del(keys.processRooms(id), keys.processAlive(id)).srem(keys.processes(), id).exec();
  }

  private roomKeys(roomId: string, id: string): [string, string, string, string] {
    const { keys } = this.options;
    return [keys.presenceOf(roomId, id), keys.presencePeople(roomId), keys.presenceConnections(roomId), keys.presenceCounts(roomId)];
  }

  private async call<T>(read: (redis: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await read(this.options.redis);
    } catch (error) {
      throw toStoreFailure(error);
    }
  }
}

function newProcessId(): string {
  return `p${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** One PRESENCE_SET argument group: person id, connections on this process, the person as listed, role, attendance. */
function groupOf(entry: PresentPerson): Array<string | number> {
  const { connections, ...person } = entry;
  return [entry.personId, connections, JSON.stringify(person), entry.role, entry.attendance];
}
