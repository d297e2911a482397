import type { ZodError } from 'zod';
import { AgendaSchema, type Agenda, type AgendaInput, type AgendaRoom } from '../../shared/model/event.ts';
import { hallIdOf, type Hall } from '../../shared/model/hall.ts';
import type { ImportProblem, ImportSummary } from '../../shared/protocol/import.ts';
import type { ImportedProgramme, ImportedSession, Parsed } from './imported-programme.ts';

/*
 * An imported programme placed in an event's agenda. A session is found again by the id the
 * file gives it (externalId) and updated in place under the room id it got the first time, so
 * its live state (kept per room id) stays. Halls are found by name. Sessions the file no longer
 * has are kept: they may hold a debate's record, and the organiser decides about them.
 */

export type NewEvent = { eventId: string; title?: string | undefined; audienceCode?: string | undefined; timezone?: string | undefined };

export type Merged = { agenda: Agenda; summary: Omit<ImportSummary, 'eventId' | 'revision'> };

const ID_MAX = 64;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A new session's room id: the event's id and the file's id for it ("demo-9f1c…"), unique in the agenda. */
function roomIdOf(eventId: string, externalId: string, taken: Set<string>): string {
  const own = slug(externalId) || 'session';
  const joined = `${eventId}-${own}`;
  const base = (joined.length <= ID_MAX ? joined : own).slice(0, ID_MAX - 3).replace(/-+$/, '');
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** An audience code for an event made by an import: its id's letters and digits, when there are 4 to 12. */
function codeOf(eventId: string): string | undefined {
  const code = eventId.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return code.length >= 4 ? code.slice(0, 12) : undefined;
}

/** A value with its keys in one order and no undefined fields: two agendas are the same when these are. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

function problemsOf(error: ZodError, sourceOfRoom: Map<number, string>): ImportProblem[] {
  return error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    const source = first === 'rooms' && typeof index === 'number' ? sourceOfRoom.get(index) : undefined;
    const path = source ? [source, ...rest].join('.') : `agenda.${issue.path.join('.')}`;
    return { path, message: issue.message };
  });
}

function sessionRoom(session: ImportedSession, hall: string | null, current: Partial<AgendaRoom>): AgendaInput['rooms'][number] {
  return {
    ...current,
    id: current.id ?? '',
    externalId: session.externalId,
    title: session.title,
    kind: session.kind,
    description: session.description,
    hall,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    speakers: session.speakers,
    ...(session.moderators ? { moderators: session.moderators } : {}),
    ...(session.turnMinutes !== undefined ? { turnMinutes: session.turnMinutes } : {}),
  };
}

/** The agenda an import leads to, and what it changed; or the problems that stop it. */
export function mergeProgramme(existing: Agenda | null, programme: ImportedProgramme, event: NewEvent): Parsed<Merged> {
  const base: Agenda | Omit<AgendaInput, 'rooms'> = existing ?? {
    id: event.eventId,
    title: event.title ?? programme.title ?? event.eventId,
    audienceCode: event.audienceCode ?? codeOf(event.eventId) ?? '',
    timezone: programme.timezone ?? event.timezone ?? 'UTC',
  };
  const halls: Hall[] = [...(existing?.halls ?? [])];
  const hallsAdded: string[] = [];
  const hallId = new Map<string, string>();
  for (const name of programme.halls) {
    const key = name.toLocaleLowerCase('en');
    let hall = halls.find((candidate) => candidate.name.toLocaleLowerCase('en') === key);
    if (!hall) {
      hall = { id: hallIdOf(name, new Set(halls.map((h) => h.id))), name: name.slice(0, 120) };
      halls.push(hall);
      hallsAdded.push(hall.name);
    }
    hallId.set(key, hall.id);
  }

  const rooms: AgendaInput['rooms'] = [...(existing?.rooms ?? [])];
  const taken = new Set(rooms.map((room) => room.id));
  const sourceOfRoom = new Map<number, string>();
  const summary: Merged['summary'] = { created: existing === null, added: [], updated: [], unchanged: 0, notInFile: [], hallsAdded };
  const imported = new Set<string>();
  for (const session of programme.sessions) {
    imported.add(session.externalId);
    const hall = session.hall === null ? null : (hallId.get(session.hall.toLocaleLowerCase('en')) ?? null);
    const at = rooms.findIndex((room) => room.externalId === session.externalId);
    if (at >= 0) {
      const current = rooms[at] as AgendaRoom;
      const next = sessionRoom(session, hall, current);
      rooms[at] = next;
      sourceOfRoom.set(at, session.path);
      if (canonical(next) === canonical(current)) summary.unchanged += 1;
      else summary.updated.push({ id: current.id, title: session.title });
    } else {
      const id = roomIdOf(base.id, session.externalId, taken);
      sourceOfRoom.set(rooms.length, session.path);
      rooms.push(sessionRoom(session, hall, { id }));
      summary.added.push({ id, title: session.title });
    }
  }
  summary.notInFile = (existing?.rooms ?? []).filter((room) => room.externalId !== undefined && !imported.has(room.externalId)).map((room) => ({ id: room.id, title: room.title }));

  const timezone = programme.timezone ?? base.timezone;
  const parsed = AgendaSchema.safeParse({ ...base, ...(timezone ? { timezone } : {}), halls, rooms });
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, sourceOfRoom) };
  return { ok: true, value: { agenda: parsed.data, summary } };
}

/** Whether an import changed nothing, so it is not saved and the revision stays. */
export function sameAgenda(a: Agenda, b: Agenda): boolean {
  return canonical(a) === canonical(b);
}
