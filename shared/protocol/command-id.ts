import { z } from 'zod';

/**
 * A client-chosen id that makes a command safe to send again: the same id from the same
 * person in the same room, within COMMAND_RETRY_WINDOW_MS of the first outcome, is answered
 * with that outcome and changes nothing. Long enough to be unguessable when random, short
 * enough to stay a key part.
 */
export const CommandIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'command ids are 8 to 64 letters, digits, _ and -');
export type CommandId = z.infer<typeof CommandIdSchema>;

/**
 * How long a committed command's outcome is kept for retries. A phone that lost its network
 * in a hall comes back within minutes; a retry later than this is a new command.
 */
export const COMMAND_RETRY_WINDOW_MS = 10 * 60_000;

/** What any command payload may carry besides its own fields. */
export type WithCommandId<T> = T & { commandId?: CommandId };

export type SplitCommand = { ok: true; commandId: CommandId | null; payload: unknown } | { ok: false; message: string };

/**
 * Takes the command id off a payload, so the command's own strict schema parses the rest and
 * needs no field of its own for it. A payload that is no object is passed on as it is.
 */
export function splitCommandId(raw: unknown): SplitCommand {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, 'commandId')) {
    return { ok: true, commandId: null, payload: raw };
  }
  const { commandId, ...payload } = raw as { commandId: unknown };
  const parsed = CommandIdSchema.safeParse(commandId);
  if (!parsed.success) return { ok: false, message: `commandId: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, commandId: parsed.data, payload };
}

/** A fresh random id for one command, resent unchanged with every retry of it. */
export function newCommandId(): CommandId {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
