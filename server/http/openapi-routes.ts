import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';
import { openApiDocument } from './openapi/document.ts';
import { API_OPERATIONS } from './openapi/operations.ts';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** GET /api/openapi.json: the API document, built once; it changes only with the server's code. */
export function openApiRoutes(runtime: Runtime): Router {
  const router = Router();
  const document = JSON.stringify(openApiDocument(API_OPERATIONS, { version: PACKAGE.version, serverUrl: runtime.config.publicUrl }));
  const etag = `"${createHash('sha256').update(document).digest('base64url').slice(0, 27)}"`;
  router.get('/api/openapi.json', (req, res) => {
    res.set({ ETag: etag, 'Cache-Control': 'public, max-age=3600' });
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    res.type('application/json').send(document);
  });
  return router;
}
