import { describe, expect, it } from 'vitest';
import { growthChecks, growthOf, slope, type Checkpoint } from '../../bench/soak-verdict.ts';

const BOUNDS = { heapMbPerMin: 1, outsideHeapMbPerMin: 4, fdsPerMin: 1 };

/** A checkpoint at the end of each minute, as the soak takes them; `heap(minute)` gives the heap in MB. */
function run(minutes: number, heap: (minute: number) => number, fds: (minute: number) => number = () => 2010): Checkpoint[] {
  return Array.from({ length: minutes }, (_, i) => {
    const minute = i + 1;
    return { minute, atMin: minute + 0.01 * i, heapMb: heap(minute), rssMb: 150 + heap(minute), outsideHeapMb: 90, fds: fds(minute) };
  });
}

const passes = (checkpoints: Checkpoint[]) => growthChecks(growthOf(checkpoints, 1), BOUNDS).map((c) => c.pass);

describe('the soak verdict', () => {
  it('measures a straight line exactly', () => {
    expect(slope([{ x: 1, y: 3 }, { x: 2, y: 5 }, { x: 4, y: 9 }])).toBeCloseTo(2);
    expect(slope([{ x: 1, y: 3 }])).toBeNull();
  });

  it('passes a server that grows while warming up and then holds steady, with noise', () => {
    const noise = [0, 0.3, -0.2, 0.1, -0.3, 0.2, 0, -0.1, 0.25];
    const checkpoints = [{ minute: 0, atMin: 0, heapMb: 12, rssMb: 90, outsideHeapMb: 60, fds: 2010 }, ...run(8, (m) => 50 + noise[m]!)];
    expect(passes(checkpoints)).toEqual([true, true, true]);
  });

  it('fails a heap that keeps growing 2 MB a minute', () => {
    expect(passes(run(2, (t) => 40 + 2 * t))).toEqual([false, true, true]);
  });

  it('fails memory outside the JS heap that keeps growing', () => {
    const checkpoints = run(4, () => 40).map((c) => ({ ...c, outsideHeapMb: 90 + 5 * c.minute }));
    expect(passes(checkpoints)).toEqual([true, false, true]);
  });

  it('fails descriptors that are not given back', () => {
    expect(passes(run(3, () => 40, (m) => 2010 + m * 3))).toEqual([true, true, false]);
  });

  it('cannot judge a run that ends with the warm-up', () => {
    expect(passes(run(1, () => 40))).toEqual([false, false, false]);
  });
});
