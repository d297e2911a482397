import type { NextFunction, Request, Response } from 'express';
import { secretsEqual } from '../auth/secrets.ts';
import { sendError } from './http-errors.ts';

/** Organiser endpoints take the admin token as `Authorization: Bearer <token>`. */
export function requireAdmin(adminToken: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!given) {
      sendError(res, 'unauthenticated', 'Send the organiser admin token as "Authorization: Bearer <token>".');
      return;
    }
    if (!secretsEqual(given, adminToken)) {
      sendError(res, 'unauthenticated', 'This admin token is not valid.');
      return;
    }
    next();
  };
}
