import type { RoomKind } from './event.ts';
import type { Speaker } from './person.ts';
import type { RequestKind } from './request-kind.ts';
import type { PollKind, PollResults, PollStatus } from './poll.ts';
import type { QuestionStatus } from './question.ts';

/** The report the organiser reads and downloads (GET /api/reports/…), computed by server/domain/reports.ts. */
export type SpeakerTotal = {
  name: string;
  personId: string | null;
  organisation: string | null;
  country: string | null;
  delegation: string;
  turns: number;
  spokenMs: number;
  allottedMs: number;
  extraMs: number;
  overtimeMs: number;
};

/**
 * One turn in a report, read from the room's speaking-time ledger: the time allotted when it was
 * called, extra time given (negative when taken), time actually spoken and time past
 * allotted + extra. A turn not ended yet counts up to the report's time, marked in progress.
 */
export type ReportTurn = {
  requestId: string;
  speaker: Speaker;
  kind: RequestKind;
  startedAtMs: number;
  endedAtMs: number | null;
  allottedMs: number;
  extraMs: number;
  spokenMs: number;
  overtimeMs: number;
  inProgress: boolean;
  /** Interrupted by a point of order and waiting to be resumed. */
  suspended: boolean;
};

export type DelegationTotal = {
  delegation: string;
  speakers: number;
  turns: number;
  spokenMs: number;
  /** 0..1 of all speaking time. */
  share: number;
};

export type SpeakingTime = {
  totalMs: number;
  perPerson: SpeakerTotal[];
  perDelegation: DelegationTotal[];
  /** 1 when the delegations that spoke shared the floor evenly, 0 when one of them had it all. */
  balance: number;
};

export type PollSummary = {
  pollId: string;
  question: string;
  kind: PollKind;
  status: PollStatus;
  anonymous: boolean;
  results: PollResults | null;
};

export type QuestionSummary = {
  questionId: string;
  text: string;
  /** Null for anonymous questions. */
  author: string | null;
  addressedTo: string | null;
  status: QuestionStatus;
  votes: number;
  askedAtMs: number;
  answeredAtMs: number | null;
};

export type RoomReport = {
  roomId: string;
  title: string;
  kind: RoomKind;
  startsAt: string;
  endsAt: string;
  /** Server time the report was computed at: turns in progress count up to it. */
  atMs: number;
  speakingTime: SpeakingTime & { turns: ReportTurn[] };
  polls: PollSummary[];
  questions: QuestionSummary[];
};

/** What a parent room and its child rooms add up to (a chair over roundtables). */
export type RollUpTotals = {
  /** The parent and each child. */
  rooms: number;
  turns: number;
  polls: number;
  questions: number;
  /** Recomputed from every room's turns, so a person who spoke in two rooms has one line. */
  speakingTime: SpeakingTime;
};

/** A parent room's report: its own, its children's in agenda order, and what they add up to. */
export type RolledUpReport = RoomReport & { children: RoomReport[]; totals: RollUpTotals };

export type EventReport = {
  eventId: string;
  title: string;
  rooms: RoomReport[];
  speakingTime: SpeakingTime;
};

/** The CSV tables of a report, each downloadable on its own (docs/API.md). */
export const REPORT_TABLE_NAMES = ['speakers', 'turns', 'delegations', 'polls', 'questions'] as const;
export type ReportTable = (typeof REPORT_TABLE_NAMES)[number];

/** One event as GET /api/events lists it. */
export type EventListItem = { id: string; title: string; audienceCode: string; rooms: number };
