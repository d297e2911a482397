import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { darkModulesPath, qrDrawing } from '../../client/src/lib/qr-path.ts';

/** Reads a path back into the set of dark cells it covers, to check no module is lost or invented. */
function cellsOf(path: string): Set<string> {
  const cells = new Set<string>();
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(run); i++) cells.add(`${Number(x) + i},${y}`);
  }
  return cells;
}

describe('drawing a QR code from its module matrix', () => {
  it('draws one rectangle per run of dark modules in a row', () => {
    const modules = [
      [true, true, false, true],
      [false, false, false, false],
      [true, true, true, true],
    ];
    expect(darkModulesPath(modules)).toBe('M0 0h2v1h-2zM3 0h1v1h-1zM0 2h4v1h-4z');
    expect(darkModulesPath([])).toBe('');
  });

  it('covers exactly the dark modules of the join link for the demo event', () => {
    const url = 'http://localhost:3000/?code=ACSH23';
    const { data, size } = encode(url, { ecc: 'M', border: 0 });
    const dark = new Set(data.flatMap((row, y) => row.flatMap((on, x) => (on ? [`${x},${y}`] : []))));
    const drawing = qrDrawing(url);
    expect(drawing.size).toBe(size);
    expect(cellsOf(drawing.path)).toEqual(dark);
  });
});
