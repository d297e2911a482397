import { z } from 'zod';

/** Every refusal the server can answer with. Clients switch on these; never rename one. */
export const ERROR_CODES = {
  invalid_input: 'The payload does not match the command schema (wrong type, length, count or a missing field).',
  unknown_command: 'No command of that name exists.',
  unauthenticated: 'No valid session token, admin token, audience code or invite was presented.',
  forbidden: 'The caller is authenticated but their role may not do this here.',
  not_found: 'The event, room, person, poll, question, request or timer named does not exist.',
  not_joined: 'The command acts on a room, and this connection has not joined one.',
  conflict: 'The command does not fit the current state (the poll is not open, the list is closed, the request already exists…).',
  rate_limited: 'Too many commands of this kind from this person, or joins from this network address; retry after the time given.',
  unavailable: 'The store could not be reached or did not commit; nothing was changed, retry.',
  internal: 'An unexpected server error; nothing was acknowledged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

export const ProtocolErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ProtocolError = z.infer<typeof ProtocolErrorSchema>;

export type Refusal = { ok: false; error: ProtocolError };
export type Result<T> = { ok: true; value: T } | Refusal;

export function refuse(code: ErrorCode, message: string): Refusal {
  return { ok: false, error: { code, message } };
}

export function accept<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
