import { computed, inject } from 'vue';
import { ROOM_PAGE } from './room-page-key.ts';
import { useConsoleCommand, useMayRun } from './useConsoleCommand.ts';

/**
 * What every section of the moderator console starts with: the followed room (RoomView renders
 * the console only once it has one), the client, who may do what, and a command runner.
 */
export function useConsoleRoom() {
  const page = inject(ROOM_PAGE);
  if (!page) throw new Error('the moderator console needs the room page provided by RoomView');
  const room = computed(() => {
    if (!page.room.value) throw new Error('the moderator console renders only with a followed room');
    return page.room.value;
  });
  const client = page.session.client;
  return {
    page,
    room,
    client,
    may: useMayRun(page.role),
    serverNow: page.serverNow,
    command: () => useConsoleCommand(client),
  };
}
