import { describe, expect, it } from 'vitest';
import type { Floor, SpeakerRequest } from '../../shared/model/floor.ts';
import type { PollResults } from '../../shared/model/poll.ts';
import type { Question } from '../../shared/model/question.ts';
import { delegationLine, holdsFloor, myRequests } from '../../client/src/lib/floor-place.ts';
import { resultBars } from '../../client/src/lib/poll-bars.ts';
import { hasUpvoted, questionBoard } from '../../client/src/lib/question-board.ts';

function request(id: string, personId: string | null, name: string): SpeakerRequest {
  return { id, speaker: { personId, name, organisation: null, country: 'Georgia' }, kind: 'contribution', requestedAtMs: 1684302000000, allottedMs: null, addedByModerator: personId === null };
}

const floor: Floor = {
  listOpen: true,
  queue: [request('r1', null, 'Lieve Vermeulen'), request('r2', 'u_nino', 'Nino Beridze'), request('r3', 'u_ketevan', 'Ketevan Abashidze')],
  current: { requestId: 'r0', speaker: { personId: 'u_genevieve', name: 'Genevieve Thibodeau-Clark', organisation: 'Public Service Commission', country: 'Canada' }, kind: 'contribution', allottedMs: 600000, startedAtMs: 1684302130000 },
  finished: [],
  suspended: null,
  ledger: [],
};

describe('your place on the list of speakers', () => {
  it('counts from 1 for whoever speaks next', () => {
    expect(myRequests(floor, 'u_ketevan')).toEqual([{ request: floor.queue[2], place: 3 }]);
    expect(myRequests(floor, 'u_nobody')).toEqual([]);
  });

  it('knows who holds the floor', () => {
    expect(holdsFloor(floor, 'u_genevieve')).toBe(true);
    expect(holdsFloor(floor, 'u_ketevan')).toBe(false);
    expect(holdsFloor({ ...floor, current: null }, 'u_genevieve')).toBe(false);
  });

  it('names the delegation with whatever is known', () => {
    expect(delegationLine({ country: 'Canada', organisation: 'Public Service Commission' })).toBe('Canada · Public Service Commission');
    expect(delegationLine({ country: null, organisation: 'ACSH' })).toBe('ACSH');
    expect(delegationLine({ country: null, organisation: null })).toBe('');
  });
});

function question(id: string, status: Question['status'], askedAtMs: number, answeredAtMs: number | null = null): Question {
  return { id, text: id, authorId: null, authorName: null, addressedTo: null, status, askedAtMs, editedAtMs: null, answeredAtMs };
}

describe('the question board', () => {
  const questions = [
    question('q-old', 'approved', 1000),
    question('q-popular', 'approved', 2000),
    question('q-new', 'approved', 3000),
    question('q-answered-early', 'answered', 500, 4000),
    question('q-answered-late', 'answered', 600, 5000),
    // A panellist is staff and receives these too; they never belong on the board.
    question('q-pending', 'pending', 3500),
    question('q-dismissed', 'dismissed', 3600),
  ];
  const votes = { 'q-popular': 18, 'q-old': 4, 'q-new': 4 };

  it('puts the most upvoted first, and on a tie the one waiting longest', () => {
    expect(questionBoard(questions, votes, 'top').open.map((q) => q.id)).toEqual(['q-popular', 'q-old', 'q-new']);
  });

  it('puts the newest first when sorted by time', () => {
    expect(questionBoard(questions, votes, 'recent').open.map((q) => q.id)).toEqual(['q-new', 'q-popular', 'q-old']);
  });

  it('keeps answered questions apart, latest answer first, and hides the rest', () => {
    const board = questionBoard(questions, votes, 'top');
    expect(board.answered.map((q) => q.id)).toEqual(['q-answered-late', 'q-answered-early']);
    expect([...board.open, ...board.answered].some((q) => q.status === 'pending' || q.status === 'dismissed')).toBe(false);
  });

  it('trusts the server’s latest answer about your upvote over the snapshot', () => {
    expect(hasUpvoted('q-old', ['q-old'], {})).toBe(true);
    expect(hasUpvoted('q-old', ['q-old'], { 'q-old': false })).toBe(false);
    expect(hasUpvoted('q-new', [], { 'q-new': true })).toBe(true);
  });
});

describe('result bars on a phone', () => {
  const results = (kind: PollResults['kind'], voters: number, rows: PollResults['rows']): PollResults => ({ pollId: 'p_1', kind, voters, rows, mean: null, answers: [] });

  it('gives choices as shares of voters that add up to 100', () => {
    const bars = resultBars(results('single', 36, [
      { key: 'o1', label: 'Competitive entry examinations', value: 9 },
      { key: 'o2', label: 'Structured interviews', value: 14 },
      { key: 'o3', label: 'Performance-based promotion', value: 13 },
    ]));
    expect(bars.map((b) => b.sharePct)).toEqual([25, 39, 36]);
    expect(bars.map((b) => b.key)).toEqual(['o1', 'o2', 'o3']);
  });

  it('lets several choices add up to more than 100', () => {
    const bars = resultBars(results('multiple', 3, [{ key: 'o1', label: 'Online testing', value: 2 }, { key: 'o2', label: 'Assessment centres', value: 2 }]));
    expect(bars.map((b) => b.sharePct)).toEqual([67, 67]);
  });

  it('keeps a word cloud’s most frequent words', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ key: `w:${i}`, label: `word${i}`, value: i + 1 }));
    const bars = resultBars(results('word_cloud', 20, rows), 5);
    expect(bars.map((b) => b.label)).toEqual(['word19', 'word18', 'word17', 'word16', 'word15']);
  });

  it('shows a ranking as points, highest first, with no share', () => {
    const bars = resultBars(results('ranking', 2, [{ key: 'o1', label: 'Pay reform', value: 3 }, { key: 'o2', label: 'Digital HR systems', value: 6 }]));
    expect(bars).toEqual([
      { key: 'o2', label: 'Digital HR systems', value: 6, widthPct: 100, sharePct: null },
      { key: 'o1', label: 'Pay reform', value: 3, widthPct: 50, sharePct: null },
    ]);
  });

  it('draws nothing long when nobody has voted', () => {
    expect(resultBars(results('rating', 0, [{ key: 'v1', label: '1', value: 0 }])).map((b) => [b.widthPct, b.sharePct])).toEqual([[0, 0]]);
  });
});
