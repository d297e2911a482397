import { z } from 'zod';

/** Ids are short strings: made by the server for live objects, chosen by the organiser for events and rooms. */
export const IdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');
export type Id = z.infer<typeof IdSchema>;

/** Server clock, milliseconds since the Unix epoch. */
export const EpochMsSchema = z.number().int().nonnegative();

export const boundedText = (max: number) => z.string().trim().min(1).max(max);
