import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { Result } from '../../shared/errors.ts';
import type { Logger } from '../../server/logger.ts';
import type { LiveRooms, RoomCommandOutcome } from '../../server/live/live-rooms.ts';
import { POLL_TIMER, PollCloser } from '../../server/live/poll-closer.ts';
import type { Store } from '../../server/store/store.ts';
import { panelOne, PANEL_STARTS_MS } from '../domain/fixtures.ts';
import { initialRoomState } from '../../server/domain/initial-state.ts';

/*
 * The poll timer of one process, on its own: when it closes, what it leaves alone, and what it
 * says in the logs. The room command line and the store are stand-ins; the real ones are in
 * test/transport/timed-polls.test.ts, test/cluster/timed-polls.test.ts and
 * test/durability/timed-poll-restart.test.ts.
 */

const CLOSES_AT_MS = PANEL_STARTS_MS + 30_000;

function roomWith(revision: number, poll: Partial<Poll>): RoomState {
  const timed: Poll = {
    id: 'p1',
    question: 'Publish merit lists?',
    spec: { kind: 'single', options: [{ id: 'o1', label: 'Yes' }, { id: 'o2', label: 'No' }] },
    settings: { resultsVisibility: 'on_reveal', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
    status: 'open',
    revealed: false,
    createdAtMs: PANEL_STARTS_MS,
    openedAtMs: PANEL_STARTS_MS,
    closedAtMs: null,
    closesAtMs: CLOSES_AT_MS,
    revealOnClose: true,
    ...poll,
  };
  return { ...initialRoomState(panelOne), open: true, revision, polls: [timed] };
}

type Harness = {
  closer: PollCloser;
  /** What LiveRooms tells its state listeners. */
  observe(state: RoomState): void;
  run: ReturnType<typeof vi.fn>;
  logs: { debug: unknown[][]; info: unknown[][]; warn: unknown[][]; error: unknown[][] };
};

function harness(initially: RoomState | null, answer: Result<RoomCommandOutcome> = { ok: true, value: { revision: 9 } }): Harness {
  let stored = initially;
  const listeners: Array<(state: RoomState) => void> = [];
  // A close that commits is what the store holds from then on, as with the real command line.
  const run = vi.fn(async () => {
    if (answer.ok && stored) stored = roomWith(stored.revision + 1, { status: 'closed', closedAtMs: Date.now(), revealed: true });
    return answer;
  });
  const live = { onState: (listener: (state: RoomState) => void) => void listeners.push(listener), run } as unknown as LiveRooms;
  const store = {
    listEvents: async () => [{ agenda: { rooms: [panelOne] }, revision: 1, createdAtMs: 0, updatedAtMs: 0 }],
    loadRoom: async () => stored,
  } as unknown as Store;
  const logs: Harness['logs'] = { debug: [], info: [], warn: [], error: [] };
  const logger = {
    debug: (...args: unknown[]) => void logs.debug.push(args),
    info: (...args: unknown[]) => void logs.info.push(args),
    warn: (...args: unknown[]) => void logs.warn.push(args),
    error: (...args: unknown[]) => void logs.error.push(args),
  } as unknown as Logger;
  const closer = new PollCloser({ store, live, logger, now: () => Date.now() });
  return { closer, observe: (state) => listeners.forEach((listener) => listener(state)), run, logs };
}

beforeEach(() => {
  vi.useFakeTimers({ now: PANEL_STARTS_MS });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the poll timer of a process', () => {
  it('closes a poll it read at start-up exactly at closesAtMs, once, as the poll timer', async () => {
    const { closer, run, logs } = harness(roomWith(4, {}));
    closer.start();
    await vi.advanceTimersByTimeAsync(30_000 - 1);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('panel-1', 'poll.close', { pollId: 'p1' }, expect.objectContaining({ actor: POLL_TIMER, room: panelOne }), expect.any(Function));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(logs.info).toHaveLength(1);
    await closer.stop();
  });

  it('closes at once a poll already past its end when read (a restart during the countdown)', async () => {
    vi.setSystemTime(CLOSES_AT_MS + 60_000);
    const { closer, run } = harness(roomWith(4, {}));
    closer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    await closer.stop();
  });

  it('does nothing when the chair closed the poll before zero', async () => {
    const { closer, observe, run } = harness(roomWith(4, {}));
    closer.start();
    await vi.advanceTimersByTimeAsync(10_000);
    observe(roomWith(5, { status: 'closed', closedAtMs: PANEL_STARTS_MS + 10_000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).not.toHaveBeenCalled();
    await closer.stop();
  });

  it('does not re-arm a closed poll from an older state its sweep read meanwhile', async () => {
    const { closer, observe, run } = harness(null);
    closer.start();
    observe(roomWith(5, { status: 'closed' }));
    closer.track(roomWith(4, {}));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).not.toHaveBeenCalled();
    await closer.stop();
  });

  it('takes a refusal (another process closed it first) as expected: debug, not a warning', async () => {
    const { closer, run, logs } = harness(roomWith(4, {}), { ok: false, error: { code: 'conflict', message: 'The poll is not open.' } });
    closer.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(logs.debug).toHaveLength(1);
    expect([...logs.warn, ...logs.error]).toEqual([]);
    await closer.stop();
  });

  it('leaves an untimed poll alone', async () => {
    const { closer, run } = harness(roomWith(4, { closesAtMs: null, revealOnClose: false }));
    closer.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(run).not.toHaveBeenCalled();
    await closer.stop();
  });
});
