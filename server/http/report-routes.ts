import { Router } from 'express';
import { EVENT_REPORT_TABLES, REPORT_TABLES, isReportTable } from '../domain/report-csv.ts';
import { isRolledUp, rolledUpCsv } from '../domain/rolled-up-report.ts';
import { buildEventReport, buildRoomReportWithChildren } from '../live/report-builder.ts';
import type { Runtime } from '../runtime.ts';
import { requireAdmin } from './admin-auth.ts';
import { sendError } from './http-errors.ts';

/** Excel reads a CSV as UTF-8 (and so shows Cyrillic names right) only when it starts with a BOM. */
const UTF8_BOM = '\uFEFF';

function tableNames(): string {
  return Object.keys(REPORT_TABLES).join(', ');
}

/** Reports per room (a parent room's with its children's rolled up) and per event: JSON, or one CSV per table (speakers, delegations, polls, questions). */
export function reportRoutes(runtime: Runtime): Router {
  const router = Router();
  router.use('/api/reports', requireAdmin(runtime.adminToken));

  router.get('/api/reports/:eventId', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    res.json(await buildEventReport(runtime, agenda));
  });

  router.get('/api/reports/:eventId/:table.csv', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const table = req.params.table;
    if (!isReportTable(table)) return sendError(res, 'not_found', `No report table "${table}"; there are ${tableNames()}.`);
    const csv = EVENT_REPORT_TABLES[table](await buildEventReport(runtime, agenda));
    res.type('text/csv; charset=utf-8').attachment(`${agenda.id}-${table}.csv`).send(UTF8_BOM + csv);
  });

  router.get('/api/reports/:eventId/rooms/:roomId', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    const report = agenda ? await buildRoomReportWithChildren(runtime, agenda, req.params.roomId) : null;
    if (!report) return sendError(res, 'not_found', 'No such room.');
    res.json(report);
  });

  router.get('/api/reports/:eventId/rooms/:roomId/:table.csv', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    const report = agenda ? await buildRoomReportWithChildren(runtime, agenda, req.params.roomId) : null;
    if (!report) return sendError(res, 'not_found', 'No such room.');
    const table = req.params.table;
    if (!isReportTable(table)) return sendError(res, 'not_found', `No report table "${table}"; there are ${tableNames()}.`);
    const csv = isRolledUp(report) ? rolledUpCsv(table, report) : REPORT_TABLES[table](report);
    res.type('text/csv; charset=utf-8').attachment(`${report.roomId}-${table}.csv`).send(UTF8_BOM + csv);
  });
  return router;
}
