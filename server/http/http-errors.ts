import type { Response } from 'express';
import type { ZodError } from 'zod';
import type { ErrorCode, Refusal } from '../../shared/errors.ts';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_command: 404,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  not_joined: 409,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** HTTP errors carry the same codes as socket acknowledgements: `{ error: { code, message } }`. */
export function sendError(res: Response, code: ErrorCode, message: string): void {
  res.status(HTTP_STATUS[code]).json({ error: { code, message } });
}

/** A refusal with a wait also says it the way HTTP clients and proxies read it: `Retry-After`, in whole seconds. */
export function sendRefusal(res: Response, refusal: Refusal): void {
  const { retryAfterMs } = refusal.error;
  if (retryAfterMs !== undefined) res.set('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  res.status(HTTP_STATUS[refusal.error.code]).json({ error: refusal.error });
}

export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}
