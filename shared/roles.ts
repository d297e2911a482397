import { z } from 'zod';
import { ATTENDANCE } from './attendance.ts';

export const ROLES = ['organiser', 'moderator', 'panellist', 'participant', 'audience', 'display'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles whose invites and powers are bound to one room; the organiser's span the event. */
export const ROOM_SCOPED_ROLES: readonly Role[] = ['moderator', 'panellist', 'participant', 'display'];

/** Roles that see staff-only state: pre-moderated questions, messages to the speaker, hidden results. */
export const STAFF_ROLES: readonly Role[] = ['organiser', 'moderator', 'panellist', 'display'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/**
 * Roles that run the room and so see poll results before the audience does. Displays and
 * panellists follow the audience's rules: a projector must not show a result before it is revealed.
 */
export const CHAIR_ROLES: readonly Role[] = ['organiser', 'moderator'];

export function isChair(role: Role): boolean {
  return CHAIR_ROLES.includes(role);
}

export { ATTENDANCE, type Attendance } from './attendance.ts';
export const AttendanceSchema = z.enum(ATTENDANCE);
