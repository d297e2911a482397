import { z } from 'zod';
import { IdSchema } from '../ids.ts';
import { CountrySchema, DisplayNameSchema, OrganisationSchema } from './person.ts';
import { HallSchema, hallIdOf, type Hall } from './hall.ts';
import { isProgrammePerson } from './programme.ts';
import { AgendaQuotasSchema } from './quota.ts';
import { AUDIENCE_CODE_PATTERN, normaliseAudienceCode } from '../audience-code.ts';

export const ROOM_KINDS = ['plenary', 'keynote', 'panel', 'roundtable', 'workshop', 'breakout'] as const;
export const RoomKindSchema = z.enum(ROOM_KINDS);
export type RoomKind = z.infer<typeof RoomKindSchema>;

export const VIDEO_MODES = ['stage', 'open'] as const;
export const VideoModeSchema = z.enum(VIDEO_MODES);
export type VideoMode = z.infer<typeof VideoModeSchema>;

/** Keynotes, panels and plenaries are a stage; roundtables, workshops and breakouts are open rooms. */
const DEFAULT_VIDEO_MODE: Record<RoomKind, VideoMode> = {
  plenary: 'stage',
  keynote: 'stage',
  panel: 'stage',
  roundtable: 'open',
  workshop: 'open',
  breakout: 'open',
};

export function videoModeOf(room: { kind: RoomKind; video?: VideoMode | undefined }): VideoMode {
  return room.video ?? DEFAULT_VIDEO_MODE[room.kind];
}

export const AgendaPersonSchema = z.object({
  name: DisplayNameSchema,
  organisation: OrganisationSchema.optional(),
  country: CountrySchema.optional(),
  title: z.string().trim().max(160).optional(),
});
export type AgendaPerson = z.infer<typeof AgendaPersonSchema>;

/** Agenda times carry their UTC offset, so no server's own time zone ever changes their meaning. */
const IsoDateTime = z.iso.datetime({ offset: true });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A room's fields; AgendaRoomSchema adds the checks across fields. */
const AgendaRoomFields = z.object({
  id: IdSchema,
  title: z.string().trim().min(1).max(200),
  kind: RoomKindSchema,
  description: z.string().trim().max(4000).default(''),
  /** The hall (an id of the agenda's `halls`) the session is held in; null when it has none. */
  hall: IdSchema.nullable().default(null),
  /**
   * Input only: a hall by its name, as agendas written before halls (and the organiser's form)
   * give it. It names the hall of that name, creating it when the agenda has none; it wins over
   * `hall`, and is never stored.
   */
  location: z.string().trim().max(120).optional(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  /** Length of one speaking turn in this room, e.g. 10 for panel presentations. */
  turnMinutes: z.number().min(0.5).max(240).default(3),
  /** Named timers the room starts with, e.g. the 10-minute Q&A after a keynote. */
  timers: z.array(z.object({ label: z.string().trim().min(1).max(60), minutes: z.number().min(0.5).max(480) })).max(10).default([]),
  moderators: z.array(AgendaPersonSchema).max(10).default([]),
  speakers: z.array(AgendaPersonSchema).max(60).default([]),
  /**
   * Who may publish video: 'stage' (chair, panellists, and the participant holding the floor) or
   * 'open' (every participant, always). Unset means the room kind's default (videoModeOf).
   */
  video: VideoModeSchema.optional(),
  /**
   * The programme item this session was imported from (a schedule.json event's guid, a CSV row's
   * id): a re-import finds the session by it and updates it in place, keeping its room id.
   */
  externalId: z.string().trim().min(1).max(200).optional(),
  /** The room whose chair oversees this one (a roundtable under the main moderator's session); null when none. */
  parent: IdSchema.nullable().default(null),
  /** Speaking time per delegation in this session; replaces the event's `quotas` here when given ([] for none). */
  quotas: AgendaQuotasSchema.optional(),
});
export const AgendaRoomSchema = AgendaRoomFields.refine((room) => Date.parse(room.endsAt) > Date.parse(room.startsAt), { message: 'a session ends after it starts', path: ['endsAt'] })
  // The programme's speakers seed the list and bind to who joins by name: two entries for one person would make that ambiguous.
  .refine((room) => room.speakers.every((person, i) => !room.speakers.slice(0, i).some((earlier) => isProgrammePerson(earlier, person))), {
    message: 'a speaker is named twice',
    path: ['speakers'],
  });
export type AgendaRoom = Omit<z.output<typeof AgendaRoomSchema>, 'location'>;

/**
 * A change to some fields of a room (PATCH): an object naming only room fields. Values are
 * checked on the room the change leads to, so defaults never fill in fields the change left out.
 */
export const AgendaRoomChangeSchema = z.partialRecord(AgendaRoomFields.keyof(), z.unknown());
export type AgendaRoomChange = z.infer<typeof AgendaRoomChangeSchema>;

export const AudienceCodeSchema = z
  .string()
  .transform(normaliseAudienceCode)
  .pipe(z.string().regex(AUDIENCE_CODE_PATTERN, 'an audience code is 4–12 letters or digits'));

/** The agenda's fields; AgendaSchema resolves halls named by location and adds the checks across fields. */
const AgendaFields = z.object({
  id: IdSchema,
  title: z.string().trim().min(1).max(200),
  subtitle: z.string().trim().max(400).default(''),
  venue: z.string().trim().max(200).default(''),
  timezone: z.string().trim().min(1).max(60).refine(isTimeZone, 'not an IANA time zone such as Asia/Almaty').default('UTC'),
  audienceCode: AudienceCodeSchema,
  delegations: z.array(z.string().trim().min(1).max(120)).max(200).default([]),
  halls: z.array(HallSchema).max(50).default([]),
  /** Speaking time per delegation in every session that sets no `quotas` of its own (docs/FLOOR.md). */
  quotas: AgendaQuotasSchema.optional(),
  rooms: z.array(AgendaRoomSchema).min(1).max(200).refine(
    (rooms) => new Set(rooms.map((r) => r.id)).size === rooms.length,
    'room ids must be unique',
  ),
});

type AgendaRoomStored = Omit<z.output<typeof AgendaRoomSchema>, 'location'>;

/** Halls a room names by `location` become halls of the agenda (found by name, else created), and the room refers to them by id. */
function resolveLocations(agenda: z.output<typeof AgendaFields>): Omit<z.output<typeof AgendaFields>, 'rooms'> & { rooms: AgendaRoomStored[] } {
  const halls: Hall[] = [...agenda.halls];
  const hallNamed = (name: string): string => {
    const key = name.toLocaleLowerCase('en');
    const found = halls.find((hall) => hall.name.toLocaleLowerCase('en') === key);
    if (found) return found.id;
    const hall = { id: hallIdOf(name, new Set(halls.map((h) => h.id))), name };
    halls.push(hall);
    return hall.id;
  };
  const rooms = agenda.rooms.map(({ location, ...room }) => (location ? { ...room, hall: hallNamed(location) } : room));
  return { ...agenda, halls, rooms };
}

function repeated(values: readonly string[]): string | undefined {
  return values.find((value, i) => values.indexOf(value) !== i);
}

/** The agenda file an organiser imports (JSON or YAML): the event, its halls and its rooms. */
export const AgendaSchema = AgendaFields.transform(resolveLocations).superRefine((agenda, ctx) => {
  const hallId = repeated(agenda.halls.map((hall) => hall.id));
  if (hallId) ctx.addIssue({ code: 'custom', path: ['halls'], message: `hall ids must be unique ("${hallId}" is given twice)` });
  const code = repeated([agenda.audienceCode, ...agenda.halls.flatMap((hall) => (hall.code ? [hall.code] : []))]);
  if (code) ctx.addIssue({ code: 'custom', path: ['halls'], message: `join code "${code}" is given twice (the event's and each hall's must differ)` });
  agenda.rooms.forEach((room, i) => {
    if (room.hall !== null && !agenda.halls.some((hall) => hall.id === room.hall)) {
      ctx.addIssue({ code: 'custom', path: ['rooms', i, 'hall'], message: `no hall "${room.hall}" in the agenda's halls` });
    }
    const parentProblem = parentProblemOf(agenda.rooms, room);
    if (parentProblem) ctx.addIssue({ code: 'custom', path: ['rooms', i, 'parent'], message: parentProblem });
  });
});

/** One level only: a chair over tables, so a parent is a room of this agenda that has no parent itself. */
function parentProblemOf(rooms: readonly { id: string; parent: string | null }[], room: { id: string; parent: string | null }): string | null {
  if (room.parent === null) return null;
  if (room.parent === room.id) return 'a room cannot be its own parent';
  const parent = rooms.find((candidate) => candidate.id === room.parent);
  if (!parent) return `no room "${room.parent}" in the agenda`;
  if (parent.parent !== null) return `"${parent.id}" has a parent itself; rooms nest one level only`;
  return null;
}

export type Agenda = z.output<typeof AgendaSchema>;
export type AgendaInput = z.input<typeof AgendaSchema>;

/** An agenda as it is stored and pushed: halls resolved, no `location`. The shape `agenda.changed` carries. */
export const StoredAgendaSchema = AgendaFields.extend({ rooms: z.array(AgendaRoomFields.omit({ location: true })) });

/** The hall a room is held in, if it has one. */
export function hallOfRoom(agenda: Pick<Agenda, 'halls'>, room: { hall: string | null }): Hall | null {
  return agenda.halls.find((hall) => hall.id === room.hall) ?? null;
}

/** The rooms that name this one as their parent, in agenda order. */
export function childRoomsOf<R extends { id: string; parent: string | null }>(agenda: { rooms: readonly R[] }, roomId: string): R[] {
  return agenda.rooms.filter((room) => room.parent === roomId);
}

/** An agenda as the organiser reads it: with the event's revision, which an edit may name (If-Match) to refuse being applied to a newer one. */
export const AgendaAtRevisionSchema = StoredAgendaSchema.extend({ revision: z.number().int().nonnegative() });
export type AgendaAtRevision = Agenda & { revision: number };
