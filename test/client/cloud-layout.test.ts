import { describe, expect, test } from 'vitest';
import { layoutCloud, type CloudBox } from '../../client/src/lib/cloud-layout.ts';

/** Fifty words as a browser would measure them at 1em: longer words wider, frequent ones larger. */
function fiftyWords(): CloudBox[] {
  return Array.from({ length: 50 }, (_, index) => {
    const word = `${['transparency', 'merit', 'trust', 'open', 'data', 'reform', 'integrity'][index % 7]}${index}`;
    const size = 1 + (50 - index) / 25;
    return { key: word, width: word.length * 9 * size, height: 18 * size };
  });
}

const AREAS = [
  { width: 1200, height: 560 },
  { width: 760, height: 330 },
  { width: 420, height: 240 },
];

describe('the word cloud layout', () => {
  test('is the same for the same words and area, computed twice', () => {
    const boxes = fiftyWords();
    for (const area of AREAS) expect(layoutCloud(boxes, area)).toEqual(layoutCloud(structuredClone(boxes), area));
  });

  test.each(AREAS)('places every word inside a $width×$height area with no two overlapping', (area) => {
    const boxes = fiftyWords();
    const { scale, words } = layoutCloud(boxes, area);
    expect(scale).toBeGreaterThan(0);
    expect(words.map((w) => w.key)).toEqual(boxes.map((b) => b.key));
    for (const word of words) {
      expect(word.x).toBeGreaterThanOrEqual(0);
      expect(word.y).toBeGreaterThanOrEqual(0);
      expect(word.x + word.width).toBeLessThanOrEqual(area.width);
      expect(word.y + word.height).toBeLessThanOrEqual(area.height);
    }
    for (const [i, a] of words.entries()) {
      for (const b of words.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.key} and ${b.key} overlap`).toBe(true);
      }
    }
  });

  test('fills its area: the words grow until the cloud covers much of it', () => {
    const area = AREAS[0]!;
    const { words } = layoutCloud(fiftyWords(), area);
    const covered = words.reduce((sum, w) => sum + w.width * w.height, 0);
    expect(covered / (area.width * area.height)).toBeGreaterThan(0.3);
  });

  test('puts the most frequent word near the centre', () => {
    const area = AREAS[0]!;
    const [first] = layoutCloud(fiftyWords(), area).words;
    const centreX = first!.x + first!.width / 2;
    const centreY = first!.y + first!.height / 2;
    expect(Math.abs(centreX - area.width / 2)).toBeLessThan(area.width / 8);
    expect(Math.abs(centreY - area.height / 2)).toBeLessThan(area.height / 8);
  });

  test('a single word longer than the area is scaled down to fit, never broken', () => {
    const { scale, words } = layoutCloud([{ key: 'transparency', width: 600, height: 40 }], { width: 300, height: 200 });
    expect(scale).toBeLessThanOrEqual(0.5);
    expect(words[0]!.width).toBeLessThanOrEqual(300);
  });
});
