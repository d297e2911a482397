import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { PublicAgenda } from '../../../shared/protocol/http.ts';
import { followPublicAgenda } from '../lib/hall-screen.ts';
import { api } from '../transport/api.ts';
import type { PlenaryClient } from '../transport/plenary-client.ts';

/**
 * The event's public agenda (halls, rooms, time zone, public address), kept current by the
 * organiser's saves pushed on this page's connection. Null until it has loaded.
 */
export function useEventAgenda(eventId: string, client: PlenaryClient): ShallowRef<PublicAgenda | null> {
  const agenda = shallowRef<PublicAgenda | null>(null);
  let revision: number | null = null;
  const onAgenda: Parameters<typeof client.socket.on<'agenda.changed'>>[1] = (pushed) => {
    if (!agenda.value || pushed.id !== eventId) return;
    const next = followPublicAgenda({ agenda: agenda.value, revision }, pushed);
    agenda.value = next.agenda;
    revision = next.revision;
  };
  client.socket.on('agenda.changed', onAgenda);
  onScopeDispose(() => client.socket.off('agenda.changed', onAgenda));
  api.event(eventId).then(
    (loaded) => {
      // A push that came while this loaded is newer than what the request read (or equal): keep it.
      if (!agenda.value) agenda.value = loaded;
    },
    () => undefined,
  );
  return agenda;
}
