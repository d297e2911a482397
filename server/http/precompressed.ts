import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

export type Encoding = 'br' | 'gzip';
export const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** The files under `dir` with their precompressed copies: path relative to dir ("/assets/x.js") → encodings it has. */
function scan(dir: string): Map<string, Set<Encoding>> {
  const found = new Map<string, Set<Encoding>>();
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return found;
  }
  const names = new Set(entries);
  for (const name of entries) {
    for (const encoding of ['br', 'gzip'] as const) {
      if (!name.endsWith(SUFFIX[encoding])) continue;
      const original = name.slice(0, -SUFFIX[encoding].length);
      if (!names.has(original)) continue;
      const key = `/${original.split(sep).join('/')}`;
      found.set(key, (found.get(key) ?? new Set()).add(encoding));
    }
  }
  return found;
}

/** The best encoding the request accepts among those on offer: brotli, then gzip; an encoding with q=0 is refused. */
export function chooseEncoding(acceptEncoding: string | undefined, offered: ReadonlySet<Encoding>): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: Encoding) => accepted.get(encoding) ?? (accepted.has('*') ? (accepted.get('*') ?? 0) : 0);
  return (['br', 'gzip'] as const).find((encoding) => offered.has(encoding) && weight(encoding) > 0) ?? null;
}

/**
 * Serves the build's precompressed copies (client/build/precompress.ts) to browsers that accept
 * them, with the original's type and `Vary: Accept-Encoding`; anything else passes on to the
 * plain static handler. The copies are listed once, when the server starts: a file built later
 * is still served, uncompressed.
 */
export function precompressedFiles(dir: string, headers: Record<string, string>) {
  const files = scan(dir);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const offered = files.get(req.path);
    if (!offered) return next();
    res.vary('Accept-Encoding');
    const encoding = chooseEncoding(req.get('accept-encoding'), offered);
    if (!encoding) return next();
    const file = join(dir, `${req.path}${SUFFIX[encoding]}`);
    if (relative(dir, file).startsWith('..')) return next();
    res.type(extname(req.path));
    res.set({ 'content-encoding': encoding, ...headers });
    res.sendFile(file, (error) => {
      if (error && !res.headersSent) next();
    });
  };
}
