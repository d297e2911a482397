import { z } from 'zod';
import { IdSchema } from '../../../shared/ids.ts';
import { AgendaAtRevisionSchema } from '../../../shared/model/event.ts';
import { ImportOptionsSchema, ImportSummarySchema } from '../../../shared/protocol/import.ts';
import { csvTemplate } from '../../interop/csv-agenda.ts';
import { agendaAtRevision } from './examples.ts';
import { body, json, text, type Operation } from './operation.ts';

const ImportedSchema = z.object({ summary: ImportSummarySchema, agenda: AgendaAtRevisionSchema });

const scheduleJson = JSON.stringify({
  schedule: {
    version: '1.0',
    conference: {
      acronym: 'acsh23',
      title: 'Astana Civil Service Hub Conference 2023',
      time_zone_name: 'Asia/Almaty',
      days: [{ index: 1, date: '2023-11-09', rooms: { 'Main Hall': [{ guid: '6f1c…', id: 1, date: '2023-11-09T10:00:00+06:00', start: '10:00', duration: '01:30', room: 'Main Hall', title: 'Panel 1', type: 'Panel', persons: [{ public_name: 'Aigerim Sadykova' }] }] } }],
    },
  },
});

const imported = (created: boolean) => ({
  summary: {
    eventId: agendaAtRevision.id,
    revision: agendaAtRevision.revision,
    created,
    added: created ? agendaAtRevision.rooms.map(({ id, title }) => ({ id, title })) : [],
    updated: created ? [] : agendaAtRevision.rooms.map(({ id, title }) => ({ id, title })),
    unchanged: 0,
    notInFile: [],
    hallsAdded: created ? agendaAtRevision.halls.map((hall) => hall.name) : [],
  },
  agenda: agendaAtRevision,
});

/** Bringing a programme from pretalx, frab or a spreadsheet (docs/API.md, "Importing a programme"). */
export const IMPORT_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/events/{eventId}/import',
    tag: 'Events',
    summary: 'Import a programme (schedule.json from pretalx or frab, or CSV) into an event, creating or updating it in place',
    description:
      'The file is the raw body. A file with any problem imports nothing and answers `invalid_input` with `problems`: each `{ path, message }`, the JSON path of the item or a CSV row and column.',
    auth: 'admin',
    params: { eventId: IdSchema },
    query: ImportOptionsSchema,
    headers: [{ name: 'If-Match', description: 'Apply the update only to this revision of the event (`"3"`).', schema: z.string() }],
    request: body('The programme file.', text('application/json', 'ScheduleJson', scheduleJson), text('text/csv', 'ProgrammeCsv', csvTemplate())),
    responses: {
      200: body('Updated (or unchanged: the revision stays).', json('ImportResult', ImportedSchema, imported(false))),
      201: body('Created.', json('ImportResult', ImportedSchema, imported(true))),
    },
    errors: ['invalid_input', 'not_found', 'conflict', 'unavailable'],
  },
  {
    method: 'get',
    path: '/api/import/template.csv',
    tag: 'Events',
    summary: 'The CSV template: a header row and two sessions of the demo event',
    auth: 'none',
    responses: { 200: body('The template.', text('text/csv', 'ProgrammeCsvTemplate', csvTemplate())) },
    errors: [],
  },
];
