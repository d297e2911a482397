/** Where a person follows the event from. Free of zod, so the join page loads no schema library (roles.ts adds the schema). */
export const ATTENDANCE = ['hall', 'remote'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
