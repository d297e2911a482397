import type { Response } from 'express';
import type { ZodError } from 'zod';
import type { ErrorCode, Refusal } from '../../shared/errors.ts';

const HTTP_STATUS: Record<ErrorCode, number> = {
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

export function sendRefusal(res: Response, refusal: Refusal): void {
  sendError(res, refusal.error.code, refusal.error.message);
}

export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}
