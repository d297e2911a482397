import { z } from 'zod';

/** What a speaker asks the floor for; its own module so the floor and its ledger share it. */
export const REQUEST_KINDS = ['contribution', 'reply', 'point_of_order', 'question'] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

/** Kinds a speaker or the chair may ask for directly: a `question` request comes only from accepting an invitation. */
export const AskableRequestKindSchema = RequestKindSchema.exclude(['question']);
export type AskableRequestKind = z.infer<typeof AskableRequestKindSchema>;
export const ASKABLE_REQUEST_KINDS = AskableRequestKindSchema.options;
