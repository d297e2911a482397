import type { AgendaPerson, RoomKind } from '../../shared/model/event.ts';
import type { ImportProblem } from '../../shared/protocol/import.ts';

/** A session as a programme file gives it, before it is placed in an agenda. */
export type ImportedSession = {
  /** Where the file gives it, for problems: "schedule.conference.days[0].rooms.Saal 1[2]", "row 4". */
  path: string;
  externalId: string;
  title: string;
  kind: RoomKind;
  description: string;
  /** The hall's name, as the file gives it; null when the session has none. */
  hall: string | null;
  startsAt: string;
  endsAt: string;
  speakers: AgendaPerson[];
  /** Only a CSV gives these; left out, the session keeps what it has. */
  moderators?: AgendaPerson[];
  turnMinutes?: number;
};

/** A programme read from a file: the event's title and zone, its halls in the file's order, and its sessions. */
export type ImportedProgramme = {
  title: string | null;
  timezone: string | null;
  halls: string[];
  sessions: ImportedSession[];
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ImportProblem[] };

const KIND_WORDS: ReadonlyArray<[RegExp, RoomKind]> = [
  [/keynote/, 'keynote'],
  [/panel|podium/, 'panel'],
  [/round\s*-?\s*table/, 'roundtable'],
  [/workshop|hands-on/, 'workshop'],
  [/plenary/, 'plenary'],
  [/breakout|break-out/, 'breakout'],
];

/** A session kind from a schedule's event type ("Keynote", "Panel discussion"); else the organiser's default. */
export function kindOfType(type: string | null | undefined, defaultKind: RoomKind): RoomKind {
  const words = (type ?? '').toLocaleLowerCase('en');
  return KIND_WORDS.find(([pattern]) => pattern.test(words))?.[1] ?? defaultKind;
}

/** Two sessions in one hall at once: one problem per pair, at the later one, naming the other. */
export function overlaps(sessions: readonly ImportedSession[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const byHall = new Map<string, ImportedSession[]>();
  for (const session of sessions) {
    if (session.hall === null) continue;
    const key = session.hall.toLocaleLowerCase('en');
    byHall.set(key, [...(byHall.get(key) ?? []), session]);
  }
  for (const inHall of byHall.values()) {
    const ordered = [...inHall].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    ordered.forEach((session, i) => {
      for (const earlier of ordered.slice(0, i)) {
        if (Date.parse(earlier.endsAt) > Date.parse(session.startsAt)) {
          problems.push({
            path: session.path,
            message: `"${session.title}" (${session.startsAt}) overlaps "${earlier.title}" (${earlier.startsAt} to ${earlier.endsAt}, ${earlier.path}) in the room "${session.hall}"`,
          });
        }
      }
    });
  }
  return problems;
}

/** People named twice (the same name, ignoring case and spacing) are one speaker. */
export function distinctPeople(people: AgendaPerson[]): AgendaPerson[] {
  const key = (person: AgendaPerson) => person.name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
  return people.filter((person, i) => people.findIndex((other) => key(other) === key(person)) === i);
}
