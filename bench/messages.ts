import type { Timer } from '../shared/model/timer.ts';

/**
 * What the runner and its load-generating workers say to each other over IPC. Each command
 * carries an id; the worker answers it with exactly one reply of the same id.
 */

/** Which server a set of connections talks to: Plenary, the bare Socket.IO floor, or Plenary on several nodes. */
export type Target = 'plenary' | 'baseline' | 'cluster';

export type MintCommand = { kind: 'mint'; url: string; audienceCode: string; concurrency: number };
export type ConnectCommand = {
  kind: 'connect';
  target: Target;
  /** Client i connects to urls[i % urls.length]: one URL, or one per cluster node. */
  urls: string[];
  roomId: string;
  concurrency: number;
  startAtMs: number;
};
export type VoteCommand = { kind: 'vote'; target: Target; pollId: string; optionIds: string[]; startAtMs: number; windowMs: number; seed: number };
export type AwaitTallyCommand = { kind: 'awaitTally'; target: Target; pollId: string; voters: number; rows: Record<string, number>; timeoutMs: number };
export type QaCommand = {
  kind: 'qa';
  target: Target;
  startAtMs: number;
  durationMs: number;
  /** The questions this worker's clients ask: who, when (offset from the start), what. */
  questions: Array<{ client: number; atOffsetMs: number; text: string }>;
  /** Upvotes of everyone: client i gives floor(total / clients) and one more if i < total % clients. */
  totalUpvotes: number;
  totalClients: number;
  seed: number;
};
export type AwaitQuestionVotesCommand = { kind: 'awaitQuestionVotes'; target: Target; votes: Record<string, number>; timeoutMs: number };
export type ClockCommand = {
  kind: 'clock';
  target: Target;
  /** How many of this worker's clients take part (the first ones). */
  clients: number;
  spreadMs: number;
  seed: number;
  /** The timer to render; when absent each client uses the session timer the server sent it. */
  timer?: Timer;
};
/**
 * One quiz question: every client of the worker answers once, at its planned moment within the
 * window (inside the time limit), right or wrong as planned, and keeps its own count of what the
 * answer earns: answered, right, and the points the rule gives between its send and its ack.
 */
export type QuizAnswerCommand = {
  kind: 'quizAnswer';
  target: Target;
  pollId: string;
  optionIds: string[];
  correctId: string;
  openedAtMs: number;
  limitMs: number;
  startAtMs: number;
  windowMs: number;
  seed: number;
};
/** Waits for the quiz.board counting `closed` questions on every client; with `standings`, each asks quiz.leaderboard for its own place and checks it against its own count. */
export type AwaitQuizBoardCommand = { kind: 'awaitQuizBoard'; target: Target; quizId: string; closed: number; timeoutMs: number; standings: boolean };
export type DisconnectCommand = { kind: 'disconnect'; target: Target };
/**
 * A reconnect wave: each client drawn (share, seed) drops its connection, half of them
 * cleanly and half by closing the transport under Socket.IO, then after `outageMs` connects
 * again, re-joins `roomId`, and must hold `expect` (the room as the moderator saw it).
 */
export type ReconnectCommand = {
  kind: 'reconnect';
  target: Target;
  url: string;
  roomId: string;
  share: number;
  seed: number;
  outageMs: number;
  concurrency: number;
  expect: { questions: number; votes: Record<string, number> };
};

export type WorkerCommand =
  | MintCommand
  | ConnectCommand
  | VoteCommand
  | AwaitTallyCommand
  | QaCommand
  | AwaitQuestionVotesCommand
  | ClockCommand
  | DisconnectCommand
  | ReconnectCommand
  | QuizAnswerCommand
  | AwaitQuizBoardCommand;

export type Refusals = Record<string, number>;

export type MintReply = { kind: 'minted'; failures: string[] };
export type ConnectReply = {
  kind: 'connected';
  latenciesMs: number[];
  lastDoneAtMs: number;
  failures: string[];
  snapshotBytes: number;
  /** One audience snapshot as received, so the baseline can answer joins with the same payload. */
  sampleSnapshot: unknown;
};
export type VoteReply = {
  kind: 'voted';
  latenciesMs: number[];
  acked: number;
  ackedByOption: Record<string, number>;
  refusals: Refusals;
  lastAckAtMs: number;
  ackBytes: number;
};
export type AwaitTallyReply = {
  kind: 'tally';
  /** Per client: when it first held the final tally; null if it never did. */
  finalAtMs: Array<number | null>;
  /** Clients that received the final tally and whose last poll.results matches it, option by option. */
  exactFinal: number;
  resultBytes: number;
};
export type QaReply = {
  kind: 'qa';
  askLatenciesMs: number[];
  upvoteLatenciesMs: number[];
  asked: number;
  ackedUpvotes: Record<string, number>;
  askRefusals: Refusals;
  upvoteRefusals: Refusals;
  /** Upvotes never sent: no question the person had not yet upvoted was known in time. */
  unsent: number;
  lastAckAtMs: number;
  /** The worker's own event-loop delay p99 over the surge: how late it read what arrived, acknowledgements included. */
  loopDelayP99Ms: number;
};
/** exactFinal: clients that received the final counts and whose last qa.votes matches them, question by question. */
export type AwaitQuestionVotesReply = { kind: 'questionVotes'; finalAtMs: Array<number | null>; exactFinal: number; votesBytes: number; votesTotalBytes: number };
export type ClockReply = { kind: 'clock'; errorsMs: number[]; bestRoundTripsMs: number[]; failures: number };
export type DisconnectReply = { kind: 'disconnected' };
export type QuizAnswerReply = { kind: 'quizAnswered'; latenciesMs: number[]; acked: number; right: number; refusals: Refusals };
/**
 * boardAtMs: per client, when the board arrived (null: never). exact: clients whose `you`
 * matched their own count (answered and right exactly, points within the bounds of their send
 * and ack times); mismatches: a few of the others, for the log.
 */
export type AwaitQuizBoardReply = { kind: 'quizBoard'; boardAtMs: Array<number | null>; exact: number; mismatches: string[]; askLatenciesMs: number[] };
/** resynced: rejoined clients whose snapshot held exactly the expected questions and counts. */
export type ReconnectReply = { kind: 'reconnected'; dropped: number; rejoinLatenciesMs: number[]; resynced: number; failures: string[] };

export type WorkerReply =
  | MintReply
  | ConnectReply
  | VoteReply
  | AwaitTallyReply
  | QaReply
  | AwaitQuestionVotesReply
  | ClockReply
  | DisconnectReply
  | ReconnectReply
  | QuizAnswerReply
  | AwaitQuizBoardReply
  | { kind: 'failed'; message: string };

/** Which reply answers which command. */
export type ReplyTo<C extends WorkerCommand> = C extends MintCommand
  ? MintReply
  : C extends ConnectCommand
    ? ConnectReply
    : C extends VoteCommand
      ? VoteReply
      : C extends AwaitTallyCommand
        ? AwaitTallyReply
        : C extends QaCommand
          ? QaReply
          : C extends AwaitQuestionVotesCommand
            ? AwaitQuestionVotesReply
            : C extends ClockCommand
              ? ClockReply
              : C extends ReconnectCommand
                ? ReconnectReply
                : C extends QuizAnswerCommand
                  ? QuizAnswerReply
                  : C extends AwaitQuizBoardCommand
                    ? AwaitQuizBoardReply
                    : DisconnectReply;

export type ToWorker = { type: 'init'; first: number; count: number } | { type: 'command'; id: number; command: WorkerCommand };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'reply'; id: number; reply: WorkerReply }
  | { type: 'progress'; done: number; total: number };

/** Control messages to the bench probe loaded into each server process (and the baseline's own handler). */
export type ToServer =
  | { type: 'gc'; id: number }
  | { type: 'baseline.snapshot'; id: number; snapshot: unknown }
  | { type: 'baseline.poll'; id: number; pollId: string; options: Array<{ id: string; label: string }> }
  | { type: 'baseline.tally'; id: number }
  | { type: 'baseline.questions'; id: number };

export type MemoryReport = { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
export type FromServer =
  | { type: 'gc'; id: number; memory: MemoryReport }
  | { type: 'ack'; id: number }
  | { type: 'baseline.tally'; id: number; voters: number; counts: Record<string, number> }
  | { type: 'baseline.questions'; id: number; questions: number; votes: Record<string, number> };
