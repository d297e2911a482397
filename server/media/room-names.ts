/**
 * The LiveKit room that carries a Plenary room's video. Ids are letters, digits, _ and -
 * (shared/ids.ts), so the name is stable and readable in LiveKit's own tools.
 */
export function liveKitRoomName(eventId: string, roomId: string): string {
  return `plenary-${eventId}-${roomId}`;
}
