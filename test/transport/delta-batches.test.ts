import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { DeltaBatches, type DeltaViews } from '../../server/transport/delta-batches.ts';

const pair = (roomId: string, revision: number): DeltaViews => {
  const delta: RoomDelta = { roomId, revision, atMs: 0, events: [{ type: 'room.opened' }] };
  return { chair: delta, stage: delta, public: delta };
};
const revisions = (batch: DeltaViews[]) => batch.map((p) => p.chair.revision);

describe('grouping a room’s deltas', () => {
  let sent: { roomId: string; revisions: number[] }[];
  let batches: DeltaBatches;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    batches = new DeltaBatches(100, (roomId, batch) => sent.push({ roomId, revisions: revisions(batch) }), () => Date.now());
  });
  afterEach(() => vi.useRealTimers());

  it('sends the first delta after a quiet interval at once, alone', () => {
    batches.add(pair('r', 1));
    expect(sent).toEqual([{ roomId: 'r', revisions: [1] }]);
    vi.advanceTimersByTime(100);
    batches.add(pair('r', 2));
    expect(sent).toEqual([{ roomId: 'r', revisions: [1] }, { roomId: 'r', revisions: [2] }]);
  });

  it('holds deltas that follow closely and sends them together, in order, when the interval ends', () => {
    batches.add(pair('r', 1));
    vi.advanceTimersByTime(30);
    batches.add(pair('r', 2));
    batches.add(pair('r', 3));
    vi.advanceTimersByTime(69);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ roomId: 'r', revisions: [1] }, { roomId: 'r', revisions: [2, 3] }]);
  });

  it('sends at most one message per interval in a steady surge, losing nothing', () => {
    for (let revision = 1; revision <= 100; revision++) {
      batches.add(pair('r', revision));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(100);
    expect(sent.flatMap((s) => s.revisions)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(sent.length).toBeLessThanOrEqual(11);
  });

  it('keeps rooms apart: one room’s surge does not hold another’s delta', () => {
    batches.add(pair('a', 1));
    batches.add(pair('a', 2));
    batches.add(pair('b', 1));
    expect(sent).toEqual([{ roomId: 'a', revisions: [1] }, { roomId: 'b', revisions: [1] }]);
    vi.advanceTimersByTime(100);
    expect(sent[2]).toEqual({ roomId: 'a', revisions: [2] });
  });

  it('with an interval of 0 sends every delta alone, at once', () => {
    const alone = new DeltaBatches(0, (roomId, batch) => sent.push({ roomId, revisions: revisions(batch) }));
    alone.add(pair('r', 1));
    alone.add(pair('r', 2));
    expect(sent).toEqual([{ roomId: 'r', revisions: [1] }, { roomId: 'r', revisions: [2] }]);
  });
});
