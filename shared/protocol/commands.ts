import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { AskableRequestKindSchema } from '../model/floor.ts';
import { HallStateSchema } from '../model/hall.ts';
import { CountrySchema, DisplayNameSchema, OrganisationSchema } from '../model/person.ts';
import { BallotSchema, HiddenItemKeySchema, POLL_DURATION_SEC, PollSettingsPatchSchema, PollSpecInputSchema } from '../model/poll.ts';
import { QuestionSchema, QuestionTextSchema } from '../model/question.ts';
import { QUIZ_MAX_QUESTIONS, QuizBoardSchema, QuizQuestionInputSchema, QuizStandingSchema } from '../model/quiz.ts';
import { ProjectorModeSchema, RoomSettingsSchema } from '../model/room.ts';
import {
  OverviewCountdownResultSchema,
  OverviewCountdownSchema,
  OverviewMessageResultSchema,
  OverviewMessageSchema,
  OverviewSchema,
} from './overview.ts';
import { PresentPersonSchema, RoomSnapshotSchema } from './snapshot.ts';

export const PROTOCOL_VERSION = 1;

const Empty = z.object({}).strict();
const Revision = z.object({ revision: z.number().int().positive() });
const TimerRef = z.object({ timerId: IdSchema });
const RequestRef = z.object({ requestId: IdSchema });
const PollRef = z.object({ pollId: IdSchema });
const QuestionRef = z.object({ questionId: IdSchema });
const QuizRef = z.object({ quizId: IdSchema });
/** One person in the room's LiveKit room, as LiveKit's webhooks reported them. */
const VideoPresentSchema = z.object({ personId: z.string(), name: z.string(), camera: z.boolean(), microphone: z.boolean() });

const Seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Every client→server command: its payload and the value its acknowledgement carries.
 * Payloads are strict: an unknown field is an error, not something silently ignored.
 */
export const COMMANDS = {
  'clock.ping': {
    payload: z.object({ clientSentMs: z.number().finite() }).strict(),
    result: z.object({ clientSentMs: z.number(), serverReceivedMs: EpochMsSchema, serverSentMs: EpochMsSchema }),
  },
  'room.join': { payload: z.object({ roomId: IdSchema }).strict(), result: RoomSnapshotSchema },
  'room.leave': { payload: Empty, result: Empty },
  'room.snapshot': { payload: Empty, result: RoomSnapshotSchema },
  /** Follows a hall's choice of session (its screens do): the hall's state now, then `hall.changed` on every change. Any role at the event. */
  'hall.follow': { payload: z.object({ hallId: IdSchema }).strict(), result: HallStateSchema },
  /**
   * Makes a session its hall's current one and opens it if closed: the hall's screens follow.
   * The organiser, the session's moderators, or the moderators of the session the hall holds now (handing over).
   */
  'hall.open': { payload: z.object({ roomId: IdSchema }).strict(), result: z.object({ hall: HallStateSchema, revision: z.number().int().nonnegative() }) },
  'room.open': { payload: Empty, result: Revision },
  'room.close': { payload: Empty, result: Revision },
  'room.configure': { payload: RoomSettingsSchema.partial().strict(), result: Revision },

  'floor.request': { payload: z.object({ kind: AskableRequestKindSchema }).strict(), result: Revision.extend({ requestId: IdSchema }) },
  'floor.withdraw': { payload: z.object({ requestId: IdSchema.optional() }).strict(), result: Revision },
  'floor.add': {
    payload: z
      .object({
        speaker: z.union([
          z.object({ personId: IdSchema }).strict(),
          z.object({ name: DisplayNameSchema, organisation: OrganisationSchema.optional(), country: CountrySchema.optional() }).strict(),
        ]),
        kind: AskableRequestKindSchema.default('contribution'),
        allottedSec: Seconds(10, 14_400).optional(),
      })
      .strict(),
    result: Revision.extend({ requestId: IdSchema }),
  },
  'floor.remove': { payload: RequestRef.strict(), result: Revision },
  'floor.reorder': { payload: RequestRef.extend({ toIndex: z.number().int().min(0).max(10_000) }).strict(), result: Revision },
  'floor.allot': { payload: RequestRef.extend({ allottedSec: Seconds(10, 14_400).nullable() }).strict(), result: Revision },
  'floor.closeList': { payload: Empty, result: Revision },
  'floor.reopenList': { payload: Empty, result: Revision },
  'floor.call': { payload: z.object({ requestId: IdSchema.optional() }).strict(), result: Revision },
  'floor.endTurn': { payload: Empty, result: Revision },
  /** Gives the floor back to the turn a point of order interrupted, with exactly the time it had left; ends the point of order if it still runs. */
  'floor.resume': { payload: Empty, result: Revision },
  'floor.extraTime': { payload: z.object({ seconds: Seconds(1, 3_600) }).strict(), result: Revision },
  'floor.addProgramme': {
    payload: z.object({ index: z.number().int().min(0).max(59).optional() }).strict(),
    result: Revision.extend({ requestIds: z.array(IdSchema) }),
  },
  'floor.claim': { payload: Empty, result: Revision.extend({ requestIds: z.array(IdSchema) }) },

  'timer.start': { payload: TimerRef.strict(), result: Revision },
  'timer.pause': { payload: TimerRef.strict(), result: Revision },
  'timer.resume': { payload: TimerRef.strict(), result: Revision },
  'timer.reset': { payload: TimerRef.strict(), result: Revision },
  'timer.adjust': {
    payload: TimerRef.extend({ deltaSec: Seconds(-3_600, 3_600).refine((n) => n !== 0, 'a zero adjustment changes nothing') }).strict(),
    result: Revision,
  },
  'timer.setDuration': { payload: TimerRef.extend({ seconds: Seconds(1, 86_400) }).strict(), result: Revision },
  'timer.setThresholds': {
    payload: TimerRef.extend({ warningSec: Seconds(0, 3_600), dangerSec: Seconds(0, 3_600) })
      .strict()
      .refine((t) => t.dangerSec <= t.warningSec, 'the danger threshold comes after the warning one'),
    result: Revision,
  },
  'timer.create': {
    payload: z.object({ label: z.string().trim().min(1).max(60), seconds: Seconds(1, 86_400) }).strict(),
    result: Revision.extend({ timerId: IdSchema }),
  },
  'timer.delete': { payload: TimerRef.strict(), result: Revision },

  'message.send': {
    payload: z.object({ text: z.string().trim().min(1).max(200) }).strict(),
    result: Revision.extend({ messageId: IdSchema }),
  },
  'message.dismiss': { payload: z.object({ messageId: IdSchema }).strict(), result: Revision },

  'poll.create': {
    payload: z.object({ question: z.string().trim().min(1).max(300), spec: PollSpecInputSchema, settings: PollSettingsPatchSchema.strict().optional() }).strict(),
    result: Revision.extend({ pollId: IdSchema }),
  },
  'poll.update': {
    payload: PollRef.extend({
      question: z.string().trim().min(1).max(300).optional(),
      spec: PollSpecInputSchema.optional(),
      settings: PollSettingsPatchSchema.strict().optional(),
    }).strict(),
    result: Revision,
  },
  'poll.delete': { payload: PollRef.strict(), result: Revision },
  /** With durationSec the poll is timed: the server closes it that many seconds later (and reveals it if revealOnClose). */
  'poll.open': {
    payload: PollRef.extend({
      durationSec: Seconds(POLL_DURATION_SEC.min, POLL_DURATION_SEC.max).optional(),
      revealOnClose: z.boolean().optional(),
    }).strict(),
    result: Revision,
  },
  'poll.close': { payload: PollRef.strict(), result: Revision },
  'poll.reveal': { payload: PollRef.strict(), result: Revision },
  /** A new draft with the poll's question, options and settings; no ballots. */
  'poll.duplicate': { payload: PollRef.strict(), result: Revision.extend({ pollId: IdSchema }) },
  /** Opens a closed poll again, if the audience never saw its results (resultsWereShown); earlier ballots stay counted. */
  'poll.reopen': { payload: PollRef.strict(), result: Revision },
  /** Takes a word ("w:<word>") or an open-text answer ("a:<id>") out of what everyone but the chair receives. */
  'poll.hide': { payload: PollRef.extend({ item: HiddenItemKeySchema }).strict(), result: Revision },
  'poll.unhide': { payload: PollRef.extend({ item: HiddenItemKeySchema }).strict(), result: Revision },
  'poll.vote': {
    payload: PollRef.extend({ ballot: BallotSchema }).strict(),
    result: z.object({ pollId: IdSchema, ballot: BallotSchema, replaced: z.boolean() }),
  },

  /** A draft quiz and a draft poll per question. Every question needs a correct answer (exactly one for 'single'). */
  'quiz.create': {
    payload: z.object({ title: z.string().trim().min(1).max(120), questions: z.array(QuizQuestionInputSchema).min(1).max(QUIZ_MAX_QUESTIONS) }).strict(),
    result: Revision.extend({ quizId: IdSchema, pollIds: z.array(IdSchema) }),
  },
  /** A quiz that is not running, with its questions' polls. */
  'quiz.delete': { payload: QuizRef.strict(), result: Revision },
  /** Opens the next question for its time limit; the server closes and reveals it when time is up. */
  'quiz.next': { payload: QuizRef.strict(), result: Revision.extend({ pollId: IdSchema }) },
  /** The quiz's screens show the leaderboard (between questions; 'question' again with the next one). */
  'quiz.showLeaderboard': { payload: QuizRef.strict(), result: Revision },
  /** Closes a question still open and ends the quiz: its screens show the final leaderboard. */
  'quiz.finish': { payload: QuizRef.strict(), result: Revision },
  /** The name this player appears under on the quiz's leaderboards; their display name until they choose one. */
  'quiz.nickname': { payload: QuizRef.extend({ nickname: DisplayNameSchema }).strict(), result: z.object({ quizId: IdSchema, nickname: z.string() }) },
  /** The leaderboard after the questions closed so far, and this person's place in it (null if they answered none). */
  'quiz.leaderboard': {
    payload: QuizRef.extend({ limit: z.number().int().min(1).max(100).optional() }).strict(),
    result: QuizBoardSchema.extend({ you: QuizStandingSchema.nullable() }),
  },

  'qa.ask': {
    payload: z.object({ text: QuestionTextSchema, anonymous: z.boolean().default(false), addressedTo: DisplayNameSchema.optional() }).strict(),
    result: Revision.extend({ question: QuestionSchema }),
  },
  'qa.upvote': { payload: QuestionRef.strict(), result: z.object({ questionId: IdSchema, upvoted: z.boolean() }) },
  'qa.unvote': { payload: QuestionRef.strict(), result: z.object({ questionId: IdSchema, upvoted: z.boolean() }) },
  'qa.approve': { payload: QuestionRef.strict(), result: Revision },
  'qa.dismiss': { payload: QuestionRef.strict(), result: Revision },
  'qa.answer': { payload: QuestionRef.strict(), result: Revision },
  'qa.edit': { payload: QuestionRef.extend({ text: QuestionTextSchema }).strict(), result: Revision },
  /** A dismissed question goes back to the status it had before. */
  'qa.restore': { payload: QuestionRef.strict(), result: Revision },
  /** An answered question goes back on the board. */
  'qa.unanswer': { payload: QuestionRef.strict(), result: Revision },
  /** The asker takes their own question back, until it is answered. */
  'qa.withdraw': { payload: QuestionRef.strict(), result: Revision },
  /**
   * Invites the asker of a question on the board to speak: a `qa.invited` push to their devices
   * only. The acknowledgement tells the chair who it is (null when they are not in the room) and until when they may answer.
   */
  'qa.inviteAsker': { payload: QuestionRef.strict(), result: Revision.extend({ askerName: z.string().nullable(), expiresAtMs: EpochMsSchema }) },
  /** The invited asker accepts within the minute: they go on the list as a `question` request. */
  'qa.acceptInvite': { payload: QuestionRef.strict(), result: Revision.extend({ requestId: IdSchema }) },
  /** The invited asker declines: nothing else changes. */
  'qa.declineInvite': { payload: QuestionRef.strict(), result: Revision },
  'qa.pin': { payload: z.object({ questionId: IdSchema.nullable() }).strict(), result: Revision },

  'projector.show': {
    payload: z.object({ mode: ProjectorModeSchema, pollId: IdSchema.optional(), quizId: IdSchema.optional() }).strict(),
    result: Revision,
  },
  'presence.list': { payload: Empty, result: z.object({ people: z.array(PresentPersonSchema) }) },

  /** A parent room's chair: a snapshot of every child room, then their pushes on this connection until it leaves the parent. */
  'overview.follow': { payload: Empty, result: OverviewSchema },
  /** One message to every child room's moderator and stage display; acknowledged once every child committed it. */
  'overview.message': { payload: OverviewMessageSchema, result: OverviewMessageResultSchema },
  /** A named timer started in every child room at one server instant ("Back in the Main Hall"). */
  'overview.countdown': { payload: OverviewCountdownSchema, result: OverviewCountdownResultSchema },

  'media.token': { payload: Empty, result: z.object({ url: z.string(), token: z.string(), expiresAtMs: EpochMsSchema }) },
  'media.presence': { payload: Empty, result: z.object({ people: z.array(VideoPresentSchema) }) },
  'media.mute': {
    payload: z.object({ personId: IdSchema, trackSid: z.string().trim().min(1).max(100).optional() }).strict(),
    result: z.object({ mutedTracks: z.number().int().nonnegative() }),
  },
  'media.remove': { payload: z.object({ personId: IdSchema }).strict(), result: Empty },
} as const;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export type CommandPayload<N extends CommandName> = z.output<(typeof COMMANDS)[N]['payload']>;
export type CommandInput<N extends CommandName> = z.input<(typeof COMMANDS)[N]['payload']>;
export type CommandResult<N extends CommandName> = z.output<(typeof COMMANDS)[N]['result']>;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
