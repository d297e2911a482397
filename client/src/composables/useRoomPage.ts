import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { isChair, type Role } from '../../../shared/roles.ts';
import { useEventSession, type EventSession } from './useEventSession.ts';
import { useRoom, type RoomHandle } from './useRoom.ts';
import { useServerNow } from './useClock.ts';

/**
 * What every room screen starts with: this device's session for the event (or a trip to the
 * join page), the followed room, and a ticking server clock.
 */
export function useRoomPage(eventId: string, roomId: string) {
  const router = useRouter();
  const session: EventSession | null = useEventSession(eventId);
  if (!session) {
    void router.replace({ name: 'join', query: { event: eventId, next: router.currentRoute.value.fullPath } });
    return null;
  }
  const handle: RoomHandle = useRoom(session.client, roomId);
  const serverNow = useServerNow(session.clock);
  const role = computed<Role | null>(() => handle.room.value?.you.role ?? null);
  return { session, ...handle, serverNow, role, isChair: computed(() => (role.value ? isChair(role.value) : false)) };
}

export type RoomPage = NonNullable<ReturnType<typeof useRoomPage>>;

/** What a room's screens (stage display, projector) need of a page: a room's page, or a hall's while it holds a session. */
export type ScreenPage = Pick<RoomPage, 'session' | 'room' | 'error' | 'serverNow'>;
