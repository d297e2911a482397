import { isChair, isStaff, type Role } from '../../shared/roles.ts';

/**
 * Socket.IO room names. Each change is emitted once per audience, in that audience's projection:
 * the chair sees everything; the stage (panellists, displays) sees the full state but results
 * only when the audience may; the public sees the public view.
 */
export const channels = {
  chair: (roomId: string) => `room:${roomId}:chair`,
  stage: (roomId: string) => `room:${roomId}:stage`,
  public: (roomId: string) => `room:${roomId}:public`,
  person: (personId: string) => `person:${personId}`,
  event: (eventId: string) => `event:${eventId}`,
  /** The screens following a hall (hall.follow): they get its hall.changed. */
  hall: (eventId: string, hallId: string) => `hall:${eventId}:${hallId}`,
  /** Everyone who joined with one invite: revoking it closes these connections. */
  invite: (inviteId: string) => `invite:${inviteId}`,
};

export function channelFor(role: Role, roomId: string): string {
  if (isChair(role)) return channels.chair(roomId);
  return isStaff(role) ? channels.stage(roomId) : channels.public(roomId);
}
