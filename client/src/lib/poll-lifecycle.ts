import type { Poll } from '../../../shared/model/poll.ts';

export type PollActions = { launch: boolean; edit: boolean; close: boolean; reveal: boolean; project: boolean; delete: boolean };

/**
 * What the chair can do with a poll now (draft → open → closed). Reveal is offered only where it
 * changes something: a live poll is visible anyway, and an after-close poll is once closed.
 */
export function pollActions(poll: Poll): PollActions {
  const draft = poll.status === 'draft';
  const visibleAnyway =
    poll.settings.resultsVisibility === 'live' || (poll.settings.resultsVisibility === 'after_close' && poll.status === 'closed');
  return {
    launch: draft,
    edit: draft,
    close: poll.status === 'open',
    reveal: !draft && !poll.revealed && !visibleAnyway,
    project: !draft,
    delete: poll.status !== 'open',
  };
}

/** Whether the audience sees this poll's results now: what the chair must know before projecting them. */
export function audienceSeesResults(poll: Poll): boolean {
  if (poll.status === 'draft') return false;
  if (poll.revealed) return true;
  if (poll.settings.resultsVisibility === 'live') return true;
  return poll.settings.resultsVisibility === 'after_close' && poll.status === 'closed';
}

const STATUS_ORDER: Record<Poll['status'], number> = { open: 0, draft: 1, closed: 2 };

/** Open polls first (they need the chair now), then drafts to launch, then closed ones; newest first within each. */
export function pollsForConsole(polls: readonly Poll[]): Poll[] {
  return [...polls].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.createdAtMs - a.createdAtMs);
}
