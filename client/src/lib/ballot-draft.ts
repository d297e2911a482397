import type { Ballot, Poll, PollKind, PollSpec } from '../../../shared/model/poll.ts';
import { mayRun } from '../../../shared/permissions.ts';
import type { Role } from '../../../shared/roles.ts';

export type BallotOf<K extends PollKind> = Extract<Ballot, { kind: K }>;
export type SpecOf<K extends PollKind> = Extract<PollSpec, { kind: K }>;

/** Two ballots that count the same: the order of ticked boxes does not matter, a ranking's order does. */
export function sameBallot(a: Ballot | null, b: Ballot | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(ballot: Ballot): unknown {
  switch (ballot.kind) {
    case 'multiple':
      return { ...ballot, optionIds: [...ballot.optionIds].sort() };
    case 'word_cloud':
      return { ...ballot, words: ballot.words.map((w) => w.trim().toLowerCase()) };
    case 'open_text':
      return { ...ballot, text: ballot.text.trim() };
    default:
      return ballot;
  }
}

/** Ticks or unticks an option; past the maximum a tick is refused (the box stays unticked). */
export function toggleChoice(optionIds: readonly string[], optionId: string, maxChoices: number): string[] {
  if (optionIds.includes(optionId)) return optionIds.filter((id) => id !== optionId);
  if (optionIds.length >= maxChoices) return [...optionIds];
  return [...optionIds, optionId];
}

/** Moves one item up (-1) or down (+1); at either end it stays where it is. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  const copy = [...items];
  if (index < 0 || index >= copy.length || to < 0 || to >= copy.length) return copy;
  const [item] = copy.splice(index, 1) as [T];
  copy.splice(to, 0, item);
  return copy;
}

/** The order to start a ranking from: the counted one if any, else the poll's own order. */
export function initialRanking(spec: SpecOf<'ranking'>, counted: Ballot | null): string[] {
  const ids = spec.options.map((o) => o.id);
  if (counted?.kind !== 'ranking') return ids;
  const known = counted.optionIds.filter((id) => ids.includes(id));
  return [...known, ...ids.filter((id) => !known.includes(id))];
}

/** The words typed, trimmed, without blanks or repeats (the server would count a repeat once anyway). */
export function wordCloudBallot(inputs: readonly string[]): BallotOf<'word_cloud'> | null {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const input of inputs) {
    const word = input.trim();
    if (!word || seen.has(word.toLowerCase())) continue;
    seen.add(word.toLowerCase());
    words.push(word);
  }
  return words.length > 0 ? { kind: 'word_cloud', words } : null;
}

export function openTextBallot(text: string): BallotOf<'open_text'> | null {
  const trimmed = text.trim();
  return trimmed ? { kind: 'open_text', text: trimmed } : null;
}

/** Why this person may or may not cast a ballot now; the reason is shown beside a disabled ballot. */
export type VoteStanding = 'can_vote' | 'counted_final' | 'poll_closed' | 'room_closed' | 'not_eligible';

export function voteStanding(poll: Poll, role: Role, roomOpen: boolean, counted: Ballot | null): VoteStanding {
  if (!mayRun(role, 'poll.vote') || !poll.settings.eligibleRoles.some((r) => r === role)) return 'not_eligible';
  if (poll.status !== 'open') return 'poll_closed';
  if (!roomOpen) return 'room_closed';
  if (counted && !poll.settings.allowChange) return 'counted_final';
  return 'can_vote';
}

/**
 * What a ballot shows before the person touches it: their counted ballot, or nothing chosen.
 * A ranking always has an order, so it starts as the poll's own order, ready to send or rearrange.
 */
export function initialDraft(spec: PollSpec, counted: Ballot | null): Ballot | null {
  if (counted && counted.kind === spec.kind) return counted;
  if (spec.kind === 'ranking') return { kind: 'ranking', optionIds: initialRanking(spec, null) };
  return null;
}
