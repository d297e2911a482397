import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { accept, refuse, type Result } from '../../shared/errors.ts';
import { AgendaSchema, type Agenda } from '../../shared/model/event.ts';
import { isScheduleJson } from '../interop/schedule-json.ts';

export type AgendaFormat = 'json' | 'yaml';

type SchemaIssue = z.ZodError['issues'][number];

const DEMO_AGENDA_URL = new URL('./acsh-2023.yaml', import.meta.url);
const DEMO_WORKSHOP_URL = new URL('./acsh-icsc-2023.yaml', import.meta.url);

/** An agenda is a few hundred lines; anything far larger is a wrong file, not a conference. */
export const MAX_AGENDA_TEXT_CHARS = 1_000_000;
/** A refusal names the first few problems; a list of fifty helps nobody fix the file. */
const ISSUES_IN_REFUSAL = 3;

/** The reference conference every fresh install shows. A broken demo file is a bug, so it throws. */
export function readDemoAgenda(): Agenda {
  return readDemoFile(DEMO_AGENDA_URL);
}

/** The second reference event, the New York workshop, where delegations have speaking-time quotas. */
export function readDemoWorkshopAgenda(): Agenda {
  return readDemoFile(DEMO_WORKSHOP_URL);
}

/** Every demo event, in the order a fresh install saves them. */
export function readDemoAgendas(): Agenda[] {
  return [readDemoAgenda(), readDemoWorkshopAgenda()];
}

function readDemoFile(url: URL): Agenda {
  const path = fileURLToPath(url);
  const syntax = parseSyntax(readFileSync(url, 'utf8'), 'yaml');
  if (!syntax.ok) throw new Error(`The demo agenda ${path} is not valid YAML: ${syntax.error.message}`);
  const parsed = AgendaSchema.safeParse(syntax.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  - ${describeIssue(issue)}`).join('\n');
    throw new Error(`The demo agenda ${path} does not match the agenda schema:\n${issues}`);
  }
  return parsed.data;
}

/** Parses an agenda an organiser imports. Bad syntax and schema violations are refusals, never exceptions. */
export function parseAgendaText(text: string, format: AgendaFormat): Result<Agenda> {
  if (text.length > MAX_AGENDA_TEXT_CHARS) {
    return refuse('invalid_input', `The agenda file is too large: at most ${MAX_AGENDA_TEXT_CHARS} characters.`);
  }
  const syntax = parseSyntax(text, format);
  if (!syntax.ok) return syntax;
  if (isScheduleJson(syntax.value)) {
    return refuse('invalid_input', 'This is a schedule.json (pretalx, frab), not a Plenary agenda: import it with POST /api/events/<event id>/import, or on the organiser page’s programme import.');
  }
  const parsed = AgendaSchema.safeParse(syntax.value);
  if (!parsed.success) return refuse('invalid_input', `The agenda does not match the schema: ${summariseIssues(parsed.error.issues)}`);
  return accept(parsed.data);
}

function parseSyntax(text: string, format: AgendaFormat): Result<unknown> {
  const label = format === 'json' ? 'JSON' : 'YAML';
  try {
    return accept(format === 'json' ? JSON.parse(text) : parseYaml(text));
  } catch (error) {
    return refuse('invalid_input', `The agenda is not valid ${label}: ${firstLine(error)}`);
  }
}

/** Errors are checked on the document, not left to `parse`, so no setting can turn them into warnings. */
function parseYaml(text: string): unknown {
  const document = parseDocument(text);
  const [firstError] = document.errors;
  if (firstError) throw firstError;
  return document.toJS();
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // YAML errors end their first line with a colon that introduces a code frame; the frame is dropped.
  return message.split('\n')[0]?.trim().replace(/:$/, '') || 'unreadable input';
}

function summariseIssues(issues: readonly SchemaIssue[]): string {
  const shown = issues.slice(0, ISSUES_IN_REFUSAL).map(describeIssue).join('; ');
  const more = issues.length - ISSUES_IN_REFUSAL;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

function describeIssue(issue: SchemaIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** `rooms[3].speakers[0].name`, the way an organiser finds the place in their file. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole file)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
