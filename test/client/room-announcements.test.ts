import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import { decideAnnouncements, readAnnounced, saveAnnounced, type AnnouncementView } from '../../client/src/lib/room-announcements.ts';

const poll = (id: string, status: Poll['status'], resultsVisibility: Poll['settings']['resultsVisibility'] = 'live', revealed = false): AnnouncementView['polls'][number] => ({
  id,
  question: `Question ${id}`,
  status,
  revealed,
  settings: { resultsVisibility, anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
});

const view = (polls: AnnouncementView['polls'], invitation: AnnouncementView['invitation'] = null): AnnouncementView => ({ polls, invitation });

describe('what the room announces', () => {
  it('announces a poll that opens as new, not as results', () => {
    const before = decideAnnouncements(view([poll('p1', 'draft')]), new Set());
    expect(before.announce).toEqual([]);
    const opened = decideAnnouncements(view([poll('p1', 'open')]), before.announced);
    expect(opened.announce).toEqual([{ kind: 'opened', pollId: 'p1', question: 'Question p1' }]);
  });

  it('announces a reveal once, and results shown at close; live results are never a reveal', () => {
    let announced = decideAnnouncements(view([poll('a', 'open', 'on_reveal'), poll('b', 'open', 'after_close'), poll('c', 'open')]), new Set()).announced;
    const closed = decideAnnouncements(view([poll('a', 'open', 'on_reveal', true), poll('b', 'closed', 'after_close'), poll('c', 'closed')]), announced);
    expect(closed.announce).toEqual([
      { kind: 'revealed', pollId: 'a', question: 'Question a' },
      { kind: 'revealed', pollId: 'b', question: 'Question b' },
    ]);
    announced = closed.announced;
    expect(decideAnnouncements(view([poll('a', 'closed', 'on_reveal', true), poll('b', 'closed', 'after_close'), poll('c', 'closed')]), announced).announce).toEqual([]);
  });

  it('announces an invitation to speak, and a later invitation about the same question again', () => {
    const first = decideAnnouncements(view([], { questionId: 'q1', invitedAtMs: 1000 }), new Set());
    expect(first.announce).toEqual([{ kind: 'invited', questionId: 'q1' }]);
    expect(decideAnnouncements(view([], { questionId: 'q1', invitedAtMs: 1000 }), first.announced).announce).toEqual([]);
    expect(decideAnnouncements(view([], { questionId: 'q1', invitedAtMs: 9000 }), first.announced).announce).toEqual([{ kind: 'invited', questionId: 'q1' }]);
  });

  it('announces nothing twice when a reconnect brings the same room back as a snapshot', () => {
    const live = decideAnnouncements(view([poll('p1', 'open'), poll('p2', 'closed', 'on_reveal', true)], { questionId: 'q1', invitedAtMs: 5 }), new Set());
    expect(live.announce).toHaveLength(3);
    const storage = new Map<string, string>();
    saveAnnounced({ setItem: (k, v) => void storage.set(k, v) }, 'ev', 'room', live.announced);
    const remembered = readAnnounced({ getItem: (k) => storage.get(k) ?? null }, 'ev', 'room');
    const snapshot = decideAnnouncements(view([poll('p2', 'closed', 'on_reveal', true), poll('p1', 'open')], { questionId: 'q1', invitedAtMs: 5 }), remembered);
    expect(snapshot.announce).toEqual([]);
    // What changed while offline is still announced once.
    const missed = decideAnnouncements(view([poll('p1', 'open'), poll('p3', 'open')]), snapshot.announced);
    expect(missed.announce).toEqual([{ kind: 'opened', pollId: 'p3', question: 'Question p3' }]);
  });

  it('on a first visit announces what still wants the person, not results revealed before they came', () => {
    const first = decideAnnouncements(view([poll('old', 'closed', 'on_reveal', true), poll('now', 'open')]), null);
    expect(first.announce).toEqual([{ kind: 'opened', pollId: 'now', question: 'Question now' }]);
    expect(readAnnounced({ getItem: () => null }, 'ev', 'room')).toBeNull();
    expect(readAnnounced({ getItem: () => '{broken' }, 'ev', 'room')).toBeNull();
  });
});
