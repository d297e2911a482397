import type { Person } from '../../../shared/model/person.ts';
import type { PeoplePage } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';
import { listIndexed } from './replies.ts';

/** The people of the Redis store (its Store methods delegate here), under the `{people}` hash tag. */
export class RedisPeople {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async savePerson(person: Person): Promise<void> {
    const { keys } = this;
    await this.write((redis) =>
      redis.plenarySavePerson(keys.people(), keys.peopleOfEvent(person.eventId), keys.peopleUnconnected(), person.id, JSON.stringify(person), person.createdAtMs),
    );
  }

  async getPerson(personId: string): Promise<Person | null> {
    const json = await this.call((redis) => redis.hget(this.keys.people(), personId));
    return json ? (JSON.parse(json) as Person) : null;
  }

  async listPeople(eventId: string, page: PeoplePage = { offset: 0, limit: -1 }): Promise<Person[]> {
    if (page.limit === 0) return [];
    const last = page.limit < 0 ? -1 : page.offset + page.limit - 1;
    const people = await listIndexed<Person>(this.call, this.keys.people(), this.keys.peopleOfEvent(eventId), page.offset, last);
    return people.filter((person) => person.eventId === eventId);
  }

  async countPeople(eventId: string): Promise<number> {
    return this.call((redis) => redis.zcard(this.keys.peopleOfEvent(eventId)));
  }

  async connectPerson(personId: string): Promise<Person | null> {
    const json = await this.write<string | null>((redis) => redis.plenaryConnectPerson(this.keys.people(), this.keys.peopleUnconnected(), personId));
    return json ? (JSON.parse(json) as Person) : null;
  }

  /** Chooses the oldest unconnected people, then deletes them per event, each only if still unconnected. */
  async deleteUnconnectedPeople(joinedBeforeMs: number, limit: number): Promise<number> {
    const { keys } = this;
    const ids = await this.call((redis) => redis.zrangebyscore(keys.peopleUnconnected(), '-inf', `(${joinedBeforeMs}`, 'LIMIT', 0, limit));
    if (ids.length === 0) return 0;
    const records = await this.call((redis) => redis.hmget(keys.people(), ...ids));
    const byEvent = new Map<string, string[]>();
    const orphans: string[] = [];
    for (const [i, id] of ids.entries()) {
      const json = records[i];
      if (!json) {
        orphans.push(id);
        continue;
      }
      const { eventId } = JSON.parse(json) as Person;
      byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), id]);
    }
    if (orphans.length) await this.call((redis) => redis.zrem(keys.peopleUnconnected(), ...orphans));
    let deleted = 0;
    for (const [eventId, chosen] of byEvent) {
      deleted += await this.call((redis) => redis.plenaryDeleteUnconnected(keys.people(), keys.peopleOfEvent(eventId), keys.peopleUnconnected(), ...chosen));
    }
    return deleted;
  }
}
