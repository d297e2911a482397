import { effectScope, ref, type Ref } from 'vue';
import type { Person } from '../../../shared/model/person.ts';
import { initialConnection, type ConnectionState } from '../lib/connection-state.ts';
import { loadSession, type StoredSession } from '../transport/session.ts';
import { PlenaryClient } from '../transport/plenary-client.ts';
import { sessions } from './event-sessions.ts';
import { useClock, type Clock } from './useClock.ts';

export type EventSession = {
  eventId: string;
  person: Person;
  token: string;
  client: PlenaryClient;
  clock: Clock;
  connection: Ref<ConnectionState>;
};

/**
 * One connection and one clock per event for the whole page, whichever views come and go.
 * Null when this device has not joined the event yet.
 */
export function useEventSession(eventId: string, storage: Storage = window.localStorage): EventSession | null {
  const existing = sessions.get(eventId);
  if (existing) return existing;
  const stored: StoredSession | null = loadSession(storage, eventId);
  if (!stored) return null;
  // Lives as long as the page: views share it, so no view's unmount may stop it.
  const scope = effectScope(true);
  const session = scope.run(() => {
    const connection = ref<ConnectionState>(initialConnection);
    const client = new PlenaryClient({ token: stored.token, onState: (state) => (connection.value = state) });
    const clock = useClock(async (clientSentMs) => {
      const ack = await client.send('clock.ping', { clientSentMs }, 5_000);
      return ack.ok ? ack : null;
    });
    client.socket.on('connect', () => void clock.sync());
    return { eventId, person: stored.person, token: stored.token, client, clock, connection };
  });
  if (!session) throw new Error('effect scope did not run');
  sessions.set(eventId, session);
  return session;
}
