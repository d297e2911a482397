import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';
import { openApiDocument } from './openapi/document.ts';
import { API_OPERATIONS } from './openapi/operations.ts';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

type Built = { json: string; etag: string };

/** GET /api/openapi.json: the API document, built on first request and kept; it changes only with the server's code. */
export function openApiRoutes(runtime: Runtime): Router {
  const router = Router();
  let built: Built | null = null;
  const build = (): Built => {
    const json = JSON.stringify(openApiDocument(API_OPERATIONS, { version: PACKAGE.version, serverUrl: runtime.config.publicUrl }));
    return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
  };
  router.get('/api/openapi.json', (req, res) => {
    built ??= build();
    res.set({ ETag: built.etag, 'Cache-Control': 'public, max-age=3600' });
    if (req.get('if-none-match') === built.etag) return void res.status(304).end();
    res.type('application/json').send(built.json);
  });
  return router;
}
