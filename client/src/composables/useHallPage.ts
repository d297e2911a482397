import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { isChair, type Role } from '../../../shared/roles.ts';
import { hallScreenView, type HallScreenView } from '../lib/hall-screen.ts';
import { useServerNow } from './useClock.ts';
import { useEventAgenda } from './useEventAgenda.ts';
import { useEventSession, type EventSession } from './useEventSession.ts';
import { useHallState } from './useHallState.ts';
import { useRoom } from './useRoom.ts';

/**
 * What a hall's screen starts with: this device's session for the event (or a trip to the join
 * page), the hall's choice of session, that session followed like any room (switching when the
 * hall moves on), the event's agenda and a ticking server clock. Its room part has the shape of
 * a room page, so the room screens' content takes either.
 */
export function useHallPage(eventId: string, hallId: string) {
  const router = useRouter();
  const session: EventSession | null = useEventSession(eventId);
  if (!session) {
    void router.replace({ name: 'join', query: { event: eventId, next: router.currentRoute.value.fullPath } });
    return null;
  }
  const hall = useHallState(session.client, hallId);
  const handle = useRoom(session.client, () => hall.state.value?.roomId ?? null);
  const agenda = useEventAgenda(eventId, session.client);
  const serverNow = useServerNow(session.clock);
  const role = computed<Role | null>(() => handle.room.value?.you.role ?? null);
  return {
    session,
    ...handle,
    serverNow,
    role,
    isChair: computed(() => (role.value ? isChair(role.value) : false)),
    hallState: hall.state,
    hallError: hall.error,
    agenda,
    hall: computed(() => agenda.value?.halls.find((h) => h.id === hallId) ?? null),
  };
}

export type HallPage = NonNullable<ReturnType<typeof useHallPage>>;

/** What the hall's screen shows now (see hallScreenView); loading until the agenda and the hall's state are in. */
export function useHallScreenView(page: HallPage | null) {
  return computed<HallScreenView>(() => {
    const agenda = page?.agenda.value;
    const state = page?.hallState.value;
    if (!page || !agenda || !state) return { kind: 'loading' };
    const room = page.room.value;
    return hallScreenView(agenda, state, room ? { roomId: room.state.roomId, open: room.state.open } : null, page.serverNow.value);
  });
}
