import { z } from 'zod';

/** What a speaker asks the floor for; its own module so the floor and its ledger share it. */
export const REQUEST_KINDS = ['contribution', 'reply', 'point_of_order'] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;
