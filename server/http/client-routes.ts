import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { sendError } from './http-errors.ts';
import { chooseEncoding, precompressedFiles, SUFFIX, type Encoding } from './precompressed.ts';

const CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** The built index page, read once when the server starts (for its inline scripts' CSP hashes); null before the client is built. */
export function builtIndexPage(clientDir = CLIENT_DIR): string | null {
  try {
    return readFileSync(`${clientDir}/index.html`, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Serves the built web client, and its index page for every client route (history-mode
 * URLs like /e/acsh-2023/r/panel-1/stage). Hashed assets are cached for a year, and served
 * brotli- or gzip-compressed from the build's precompressed copies where the browser accepts it.
 */
export function clientRoutes(clientDir = CLIENT_DIR): Router {
  const router = Router();
  const index = `${clientDir}/index.html`;
  // A missing file, a traversal attempt and a malformed path all fall through to one plain 404:
  // they are a client's mistake (or a probe), not a server error worth a stack trace.
  router.use('/assets', precompressedFiles(`${clientDir}/assets`, { 'cache-control': 'public, max-age=31536000, immutable' }));
  router.use('/assets', express.static(`${clientDir}/assets`, { immutable: true, maxAge: '365d' }));
  router.use('/assets', (_req, res) => sendError(res, 'not_found', 'No such file.'));
  router.use(express.static(clientDir, { index: false }));
  router.get(/^\/(?!api\/|socket\.io\/|healthz|readyz|metrics).*/, (req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web client is not built yet: run "npm run build" (npm start does it for you).');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    // The page itself comes compressed too: its shell is what a phone on a slow network sees first.
    res.vary('Accept-Encoding');
    const offered = new Set((['br', 'gzip'] as const).filter((encoding: Encoding) => existsSync(`${index}${SUFFIX[encoding]}`)));
    const encoding = chooseEncoding(req.get('accept-encoding'), offered);
    if (encoding) res.type('html').set('content-encoding', encoding);
    res.sendFile(encoding ? `${index}${SUFFIX[encoding]}` : index);
  });
  return router;
}
