import { Router, text, type NextFunction, type Request, type Response } from 'express';
import { refuse } from '../../shared/errors.ts';
import type { Agenda } from '../../shared/model/event.ts';
import { ImportOptionsSchema, type ImportFormat, type ImportOptions, type ImportProblem, type ImportSummary } from '../../shared/protocol/import.ts';
import { csvTemplate, readCsvAgenda } from '../interop/csv-agenda.ts';
import type { ImportedProgramme, Parsed } from '../interop/imported-programme.ts';
import { mergeProgramme, sameAgenda, type Merged } from '../interop/programme-merge.ts';
import { isScheduleJson, readScheduleJson } from '../interop/schedule-json.ts';
import { isTimeZone } from '../interop/zoned-time.ts';
import { agendaSaved } from '../live/agenda-changes.ts';
import { ensureInvites } from '../live/invites.ts';
import type { Runtime } from '../runtime.ts';
import { requireAdmin } from './admin-auth.ts';
import { describeZodError, sendError, sendRefusal } from './http-errors.ts';
import { AGENDA_BODY_LIMIT, ifMatchRevision } from './organiser-routes.ts';

/** The format a request names (`?format=`), else its Content-Type says, else its text looks like. */
function formatOf(req: Request, body: string, named: ImportFormat | undefined): ImportFormat {
  if (named) return named;
  const type = req.get('content-type') ?? '';
  if (type.includes('json')) return 'schedule-json';
  if (type.includes('csv')) return 'csv';
  return body.trimStart().startsWith('{') ? 'schedule-json' : 'csv';
}

function sendProblems(res: Response, problems: ImportProblem[]): void {
  const [first] = problems;
  const count = problems.length === 1 ? 'One problem' : `${problems.length} problems`;
  const message = `${count} in the file; nothing was imported. ${first ? `${first.path}: ${first.message}` : ''}`.trim();
  res.status(400).json({ error: { code: 'invalid_input', message, problems } });
}

function readProgramme(format: ImportFormat, body: string, timezone: string, options: ImportOptions): Parsed<ImportedProgramme> {
  if (format === 'csv') return readCsvAgenda(body, timezone, options.defaultKind);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false, problems: [{ path: 'body', message: `not valid JSON (${(error as Error).message})` }] };
  }
  if (!isScheduleJson(document) && typeof document === 'object' && document !== null && 'rooms' in document) {
    return { ok: false, problems: [{ path: 'body', message: 'this is Plenary’s own agenda format, not a schedule.json: import it with POST /api/agenda' }] };
  }
  return readScheduleJson(document, options.defaultKind);
}

/** Programme import (schedule.json from pretalx or frab, or CSV) into an event, and the CSV template. */
export function importRoutes(runtime: Runtime): Router {
  const router = Router();

  router.get('/api/import/template.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('plenary-programme.csv').send(csvTemplate());
  });

  router.post(
    '/api/events/:eventId/import',
    requireAdmin(runtime.adminToken),
    text({ type: () => true, limit: AGENDA_BODY_LIMIT }),
    async (req: Request<{ eventId: string }>, res: Response) => {
      const options = ImportOptionsSchema.safeParse(req.query);
      if (!options.success) return sendError(res, 'invalid_input', describeZodError(options.error));
      if (options.data.timezone !== undefined && !isTimeZone(options.data.timezone)) {
        return sendProblems(res, [{ path: 'timezone', message: `"${options.data.timezone}" is not an IANA time zone such as Europe/Berlin` }]);
      }
      const body = typeof req.body === 'string' ? req.body : '';
      if (body.trim().length === 0) return sendError(res, 'invalid_input', 'Send the schedule.json or CSV file as the request body.');
      const ifRevision = ifMatchRevision(req);
      if (!ifRevision.ok) return sendRefusal(res, ifRevision);

      const { eventId } = req.params;
      const existing = await runtime.events.revised(eventId);
      if (ifRevision.value !== null && !existing) return sendError(res, 'not_found', 'No such event.');
      const timezone = existing?.timezone ?? options.data.timezone ?? 'UTC';
      const programme = readProgramme(formatOf(req, body, options.data.format), body, timezone, options.data);
      if (!programme.ok) return sendProblems(res, programme.problems);
      const event = { eventId, title: options.data.title, audienceCode: options.data.audienceCode, timezone: options.data.timezone };

      const first = mergeProgramme(existing, programme.value, event);
      if (!first.ok) return sendProblems(res, first.problems);
      const answer = (merged: Merged, revision: number, agenda: Agenda, status: number) => {
        const summary: ImportSummary = { eventId, revision, ...merged.summary };
        const { created, added, updated, unchanged, notInFile } = summary;
        runtime.logger.info({ eventId, revision, created, added: added.length, updated: updated.length, unchanged, notInFile: notInFile.length }, 'programme imported');
        res.set('ETag', `"${revision}"`).status(status).json({ summary, agenda: { ...agenda, revision } });
      };
      const { revision: _read, ...stored } = existing ?? { revision: 0 };
      if (existing && (ifRevision.value === null || ifRevision.value === existing.revision) && sameAgenda(first.value.agenda, stored as Agenda)) {
        return answer(first.value, existing.revision, existing, 200);
      }

      if (!existing) {
        const saved = await runtime.events.save(first.value.agenda, runtime.now(), 'absent');
        if (!saved.ok) return sendRefusal(res, saved);
        await ensureInvites(runtime.store, saved.value, runtime.now());
        await agendaSaved(runtime, null, saved.value);
        return answer(first.value, saved.value.revision, saved.value, 201);
      }

      // Applied to the agenda as stored when it is saved (again if another save came first), like a room edit.
      let merged: Merged = first.value;
      let before: Agenda | null = null;
      let problems: ImportProblem[] = [];
      const saved = await runtime.events.edit(
        eventId,
        (agenda) => {
          before = agenda;
          const next = mergeProgramme(agenda, programme.value, event);
          if (!next.ok) {
            problems = next.problems;
            return refuse('invalid_input', 'The file does not fit the event as it is now.');
          }
          merged = next.value;
          return { ok: true, value: next.value.agenda };
        },
        runtime.now(),
        ifRevision.value,
      );
      if (!saved.ok) return problems.length > 0 ? sendProblems(res, problems) : sendRefusal(res, saved);
      await ensureInvites(runtime.store, saved.value, runtime.now());
      await agendaSaved(runtime, before, saved.value);
      answer(merged, saved.value.revision, saved.value, 200);
    },
  );

  router.use('/api/events/:eventId/import', (error: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type !== 'entity.too.large') return next(error);
    sendError(res, 'invalid_input', `The file is larger than ${AGENDA_BODY_LIMIT.toUpperCase().replace('MB', ' MB')}, the most an import takes; nothing was imported.`);
  });
  return router;
}
