import { CONTROL_AND_REPORT_OPERATIONS } from './operations-control.ts';
import type { Operation } from './operation.ts';
import { IMPORT_OPERATIONS } from './operations-import.ts';
import { WEBHOOK_OPERATIONS } from './operations-webhooks.ts';
import { ORGANISER_OPERATIONS } from './operations-organiser.ts';
import { PUBLIC_OPERATIONS } from './operations-public.ts';

/** Every HTTP operation the server answers: a route added to the app is one entry in one of these tables. */
export const API_OPERATIONS: readonly Operation[] = [...PUBLIC_OPERATIONS, ...ORGANISER_OPERATIONS, ...IMPORT_OPERATIONS, ...WEBHOOK_OPERATIONS, ...CONTROL_AND_REPORT_OPERATIONS];
