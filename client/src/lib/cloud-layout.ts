/**
 * Where each word of a word cloud goes, from nothing but the words and the area: no randomness,
 * so every screen of the same size draws the same cloud for the same results. Words are placed
 * in order (the most frequent first) on an Archimedean spiral from the centre, each starting at
 * an angle derived from its own text, at the first spot that overlaps no placed word; the whole
 * cloud is scaled to the largest size at which every word lands inside the area.
 */
export type CloudBox = { key: string; width: number; height: number };
export type PlacedWord = { key: string; x: number; y: number; width: number; height: number };
export type CloudLayout = { scale: number; words: PlacedWord[] };

/** A small stable hash (FNV-1a) of a word: its starting angle, the same on every screen. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0xffffffff;
}

function overlaps(a: PlacedWord, b: PlacedWord): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every word at `scale`, or null when one of them finds no room inside the area. */
function placeAt(boxes: readonly CloudBox[], area: { width: number; height: number }, scale: number): PlacedWord[] | null {
  const placed: PlacedWord[] = [];
  const step = Math.max(1, Math.min(area.width, area.height) / 200);
  const maxRadius = Math.hypot(area.width, area.height) / 2;
  // Wider than tall areas get a flattened spiral, so the cloud spreads the way the area does.
  const aspect = area.width / Math.max(1, area.height);
  for (const box of boxes) {
    const width = box.width * scale;
    const height = box.height * scale;
    if (width > area.width || height > area.height) return null;
    const start = seedOf(box.key) * Math.PI * 2;
    let spot: PlacedWord | null = null;
    for (let t = 0; spot === null; t += 0.35) {
      const radius = step * t;
      if (radius > maxRadius) return null;
      const angle = start + t;
      const x = area.width / 2 + radius * Math.cos(angle) * Math.sqrt(aspect) - width / 2;
      const y = area.height / 2 + (radius * Math.sin(angle)) / Math.sqrt(aspect) - height / 2;
      if (x < 0 || y < 0 || x + width > area.width || y + height > area.height) continue;
      const candidate = { key: box.key, x, y, width, height };
      if (!placed.some((other) => overlaps(candidate, other))) spot = candidate;
    }
    placed.push(spot);
  }
  return placed;
}

/**
 * The largest scale (up to `maxScale`) at which all words fit without overlap, found by halving
 * the interval; words keep their order, so the most frequent sit nearest the centre.
 */
export function layoutCloud(boxes: readonly CloudBox[], area: { width: number; height: number }, maxScale = 4): CloudLayout {
  if (boxes.length === 0 || area.width <= 0 || area.height <= 0) return { scale: 0, words: [] };
  let low = 0;
  let best: PlacedWord[] = [];
  let high = maxScale;
  const first = placeAt(boxes, area, high);
  if (first) return { scale: high, words: first };
  for (let i = 0; i < 14; i += 1) {
    const middle = (low + high) / 2;
    const words = placeAt(boxes, area, middle);
    if (words) {
      low = middle;
      best = words;
    } else {
      high = middle;
    }
  }
  return { scale: low, words: best };
}
