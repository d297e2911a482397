import { encode } from 'uqr';

/** A QR code drawn by the app itself: the module matrix of uqr turned into one SVG path. */
export type QrDrawing = { size: number; path: string };

/**
 * One rectangle per horizontal run of dark modules (not one per module), so a version-3 code is
 * a path of a few hundred segments that scales to any screen without blurring.
 */
export function darkModulesPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      const run = x - start;
      parts.push(`M${start} ${y}h${run}v1h-${run}z`);
    }
  });
  return parts.join('');
}

/** Medium error correction survives a projector's glare and a phone's shaky hand better than the default low. */
export function qrDrawing(text: string): QrDrawing {
  const qr = encode(text, { ecc: 'M', border: 0 });
  return { size: qr.size, path: darkModulesPath(qr.data) };
}
