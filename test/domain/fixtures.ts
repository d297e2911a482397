import type { Result } from '../../shared/errors.ts';
import { AgendaRoomSchema, type AgendaRoom } from '../../shared/model/event.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { Ballot } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { COMMANDS, type CommandInput, type CommandName, type CommandPayload } from '../../shared/protocol/commands.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import type { Role } from '../../shared/roles.ts';
import { applyRoomEvent } from '../../shared/room-reducer.ts';
import type { Actor, Decision, DomainContext, DomainPayload, RoomCommand, RoomHandler } from '../../server/domain/context.ts';
import { decide } from '../../server/domain/decide.ts';
import { initialRoomState } from '../../server/domain/initial-state.ts';
import type { BallotOutcome, Contributions, PollTally } from '../../server/store/store.ts';

/** The first panel of the reference conference, as its agenda file would describe it. */
export const panelOne: AgendaRoom = AgendaRoomSchema.parse({
  id: 'panel-1',
  title: 'Panel 1 – Meritocracy in action',
  kind: 'panel',
  location: 'Hall A',
  startsAt: '2023-05-18T10:00:00+06:00',
  endsAt: '2023-05-18T12:00:00+06:00',
  turnMinutes: 10,
  timers: [{ label: 'Q&A', minutes: 20 }],
  moderators: [{ name: 'Aigerim Sadykova', organisation: 'Astana Civil Service Hub', country: 'Kazakhstan' }],
  speakers: [
    { name: 'Lieve Janssens', country: 'Belgium', title: 'Keynote speaker' },
    { name: 'Daniel Tremblay', country: 'Canada' },
    { name: 'Aishath Rasheed', country: 'Maldives' },
    { name: 'Ержан Мукашев', country: 'Kazakhstan' },
    { name: 'Kim Soo-jin', country: 'Republic of Korea' },
    { name: 'Фарход Рахимов', country: 'Tajikistan' },
    { name: 'Margaret Collins', country: 'USA' },
  ],
});

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;

/** 10:00 in Astana on the second day, when Panel 1 begins. */
export const PANEL_STARTS_MS = Date.parse('2023-05-18T10:00:00+06:00');

const DEFAULT_PEOPLE: Record<Role, Omit<Actor, 'personId' | 'role'>> = {
  organiser: { name: 'Conference Secretariat', organisation: 'Astana Civil Service Hub', country: 'Kazakhstan' },
  moderator: { name: 'Aigerim Sadykova', organisation: 'Astana Civil Service Hub', country: 'Kazakhstan' },
  panellist: { name: 'Daniel Tremblay', organisation: null, country: 'Canada' },
  participant: { name: 'Nodira Karimova', organisation: 'Civil Service Agency', country: 'Uzbekistan' },
  audience: { name: 'Guest in the hall', organisation: null, country: null },
  display: { name: 'Projector, Hall A', organisation: null, country: null },
};

export type OpenRoom = {
  agenda: AgendaRoom;
  /** The room's state; `run` and `apply` move it forward. */
  state: RoomState;
  /** Server time the next command is decided at; `advance` moves it. */
  nowMs: number;
  /** A new person in `role` (ids are counted per role: participant-1, participant-2, …). */
  actor(role: Role, overrides?: Partial<Omit<Actor, 'role'>>): Actor;
  /** The context a command from `actor` is decided in, now. */
  ctx(actor: Actor): DomainContext;
  advance(ms: number): void;
  apply(...events: RoomEvent[]): RoomState;
  /** Decides one command; if accepted, applies its events as a committed delta would. */
  run<N extends RoomCommand>(handler: RoomHandler<N>, payload: DomainPayload<N>, actor: Actor): Result<Decision<N>>;
  /** Like `run`, but through the domain's one dispatch table, by command name, as the transport calls it. */
  command<N extends RoomCommand>(name: N, payload: DomainPayload<N>, actor: Actor): Result<Decision<N>>;
};

/** An open room for Panel 1 (or `agenda`), with a deterministic clock and ids. */
export function openRoom(agenda: AgendaRoom = panelOne): OpenRoom {
  const idCounters = new Map<string, number>();
  const next = (prefix: string) => {
    const n = (idCounters.get(prefix) ?? 0) + 1;
    idCounters.set(prefix, n);
    return n;
  };
  const newId = (prefix: string) => `${prefix}${next(prefix)}`;
  // The agenda's own timers are t1, t2, …: a timer created later must not take one of their ids.
  idCounters.set('t', agenda.timers.length);

  const room: OpenRoom = {
    agenda,
    state: applyRoomEvent(initialRoomState(agenda), { type: 'room.opened' }),
    nowMs: PANEL_STARTS_MS,
    actor: (role, overrides = {}) => ({ personId: `${role}-${next(`person:${role}`)}`, role, ...DEFAULT_PEOPLE[role], ...overrides }),
    // Stands in for the transport's keyed hash: distinct per person and question, unknown to the domain.
    ctx: (actor) => ({ nowMs: room.nowMs, actor, room: agenda, newId, askerKey: (questionId) => Buffer.from(`${questionId}:${actor.personId}`).toString('base64url') }),
    advance: (ms) => {
      room.nowMs += ms;
    },
    apply: (...events) => {
      room.state = events.reduce(applyRoomEvent, room.state);
      return room.state;
    },
    run: (handler, payload, actor) => {
      const decision = handler(room.state, payload, room.ctx(actor));
      if (decision.ok) room.apply(...decision.value.events);
      return decision;
    },
    command: (name, payload, actor) => {
      const decision = decide(name, room.state, payload, room.ctx(actor));
      if (decision.ok) room.apply(...decision.value.events);
      return decision;
    },
  };
  return room;
}

/** Someone the moderator puts on the list by name, without an account: the transport passes no person id. */
export function namedSpeaker(name: string, organisation: string | null = null, country: string | null = null): Speaker {
  return { personId: null, name, organisation, country };
}

/** Stands in for the server's hashed word ids (server/live/results.ts): readable in tests. */
export const wordId = (word: string): string => `w:${word}`;

/** A payload as the transport hands it to the domain: parsed by the command's schema, defaults filled in. */
export function payload<N extends CommandName>(name: N, input: CommandInput<N>): CommandPayload<N> {
  return COMMANDS[name].payload.parse(input) as CommandPayload<N>;
}

/** The accepted value, or a test failure that names the refusal. */
export function accepted<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The refusal code, or a test failure if the command was accepted. */
export function refusal(result: Result<unknown>): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error.code;
}

export function addContributions(into: Contributions, contributions: Contributions, sign: 1 | -1): void {
  for (const [key, value] of Object.entries(contributions)) {
    const total = (into[key] ?? 0) + sign * value;
    if (total === 0) delete into[key];
    else into[key] = total;
  }
}

/**
 * What a store does with ballots, in memory: one ballot per voter per poll; a new ballot
 * replaces the old one by subtracting the contributions stored with it and adding its own.
 */
export function ballotBox() {
  const ballots = new Map<string, { ballot: Ballot; contributions: Contributions; atMs: number }>();
  const counters: Contributions = {};
  return {
    cast(voterKey: string, cast: { ballot: Ballot; contributions: Contributions }, allowChange = true, atMs = 0): BallotOutcome {
      const previous = ballots.get(voterKey);
      if (previous && JSON.stringify(previous.ballot) === JSON.stringify(cast.ballot)) return 'unchanged';
      if (previous && !allowChange) return 'already_voted';
      if (previous) addContributions(counters, previous.contributions, -1);
      addContributions(counters, cast.contributions, 1);
      ballots.set(voterKey, { ...cast, atMs });
      return previous ? 'replaced' : 'counted';
    },
    tally(): PollTally {
      return { voters: ballots.size, counters: { ...counters } };
    },
    /** Open-text answers, newest first. */
    answers(): string[] {
      return [...ballots.values()]
        .sort((a, b) => b.atMs - a.atMs)
        .flatMap(({ ballot }) => (ballot.kind === 'open_text' ? [ballot.text] : []));
    },
    ballots(): Map<string, Ballot> {
      return new Map([...ballots].map(([voter, { ballot }]) => [voter, ballot]));
    },
  };
}
