import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors.ts';
import { IdSchema } from '../../../shared/ids.ts';
import { AgendaRoomSchema } from '../../../shared/model/event.ts';
import { EventReportSchema, REPORT_TABLE_NAMES, RoomReportSchema } from '../../../shared/model/report.ts';
import { CommandIdSchema } from '../../../shared/protocol/command-id.ts';
import { CONTROL_ACTIONS, CONTROL_ACTION_NAMES, ControlActionResultSchema, ControlStatusSchema, type ControlAction } from '../../../shared/protocol/control.ts';
import { WebhookAckSchema } from '../../../shared/protocol/http.ts';
import { controlCommand } from '../../control/control-commands.ts';
import { initialRoomState } from '../../domain/initial-state.ts';
import { agendaInput, controlStatus, eventReport, roomReport, speakersCsv } from './examples.ts';
import { body, json, text, type Body, type Operation } from './operation.ts';

const ids = { eventId: IdSchema, roomId: IdSchema, table: z.enum(REPORT_TABLE_NAMES) };

/** A body each action's example sends; the empty object for actions that take none. */
const ACTION_EXAMPLES: Partial<Record<ControlAction, unknown>> = {
  message: { text: '2 minutes left' },
  'clear-message': { messageId: 'm_1' },
  show: { mode: 'poll', pollId: 'p_q1' },
  'open-poll': { pollId: 'p_q1' },
  'close-poll': { pollId: 'p_q1' },
};

const exampleRoom = AgendaRoomSchema.parse(agendaInput.rooms[0]);

/** The answer's example names the console command the action really runs (controlCommand decides it). */
function commandOf(action: ControlAction): string {
  const command = controlCommand(action, ACTION_EXAMPLES[action] ?? {}, initialRoomState(exampleRoom));
  if (!command.ok) throw new Error(`the example of control action ${action} is refused: ${command.error.message}`);
  return command.value.name;
}

const commandRefusals: ErrorCode[] = ['invalid_input', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'unavailable'];

/** One operation per control action, each with its own body schema, generated from CONTROL_ACTIONS. */
const controlActions: Operation[] = CONTROL_ACTION_NAMES.map((action) => ({
  method: 'post',
  path: `/api/control/${action}`,
  tag: 'Control',
  summary: `Control action "${action}"`,
  description: 'Runs the console\'s own command in the session the key drives, under the same rate limits. Other methods on /api/control/{action} answer `invalid_input`; an unknown action answers `unknown_command`.',
  auth: 'controlKey',
  headers: [{ name: 'Idempotency-Key', description: 'Makes a retry safe: the same key within the retry window is answered with the first outcome.', schema: CommandIdSchema }],
  request: body('JSON; an empty body counts as {}.', json(`Control${action.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Body`, CONTROL_ACTIONS[action], ACTION_EXAMPLES[action] ?? {})),
  responses: { 200: body('Done: the command run and its result.', json('ControlActionResult', ControlActionResultSchema, { ok: true, command: commandOf(action), roomId: 'panel-1' })) },
  errors: commandRefusals,
}));

const csv = (path: string, scope: string): Operation => ({
  method: 'get',
  path,
  tag: 'Reports',
  summary: `One table of ${scope} as CSV`,
  description: 'UTF-8 with a byte-order mark, comma-separated, CRLF line ends (RFC 4180); durations in seconds with one decimal. Columns: docs/API.md.',
  auth: 'admin',
  params: ids,
  responses: { 200: { ...body('The table.', text('text/csv', 'ReportCsv', speakersCsv)), headers: { 'Content-Disposition': 'attachment; filename="<id>-<table>.csv"' } } },
  errors: ['not_found', 'unavailable'],
});

const reportJson = (path: string, summary: string, response: Body): Operation => ({
  method: 'get',
  path,
  tag: 'Reports',
  summary,
  auth: 'admin',
  params: ids,
  responses: { 200: response },
  errors: ['not_found', 'unavailable'],
});

/** The control API for AV desks, the reports, and LiveKit's webhooks. */
export const CONTROL_AND_REPORT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/control/status',
    tag: 'Control',
    summary: 'What a button shows: speaker, time left, timer colour, next speaker, open poll',
    auth: 'controlKey',
    responses: { 200: { ...body('The session the key drives now.', json('ControlStatus', ControlStatusSchema, controlStatus)), headers: { 'Cache-Control': 'no-store' } } },
    errors: ['conflict', 'not_found', 'unavailable'],
  },
  ...controlActions,
  reportJson('/api/reports/{eventId}', 'The event\'s report: every session\'s, and speaking time over the event', body('The report.', json('EventReport', EventReportSchema, eventReport))),
  csv('/api/reports/{eventId}/{table}.csv', 'the event (a `room` column first)'),
  reportJson('/api/reports/{eventId}/rooms/{roomId}', 'One session\'s report', body('The report.', json('RoomReport', RoomReportSchema, roomReport))),
  csv('/api/reports/{eventId}/rooms/{roomId}/{table}.csv', 'one session'),
  {
    method: 'post',
    path: '/api/livekit/webhook',
    tag: 'Video',
    summary: 'LiveKit\'s webhooks (only when LiveKit is configured): who is on video',
    description: 'Replays of an event id already seen are acknowledged and ignored.',
    auth: 'liveKit',
    request: body('A LiveKit WebhookEvent, as LiveKit sends it.', { mediaType: 'application/webhook+json', name: 'LiveKitWebhookEvent', schema: z.looseObject({ id: z.string(), event: z.string() }), example: { id: 'EV_3f9a', event: 'participant_joined' } }),
    responses: { 200: body('Acknowledged.', json('WebhookAck', WebhookAckSchema, { ok: true, applied: true })) },
    errors: ['invalid_input', 'unavailable'],
  },
];
