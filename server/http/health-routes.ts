import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

const READY_TIMEOUT_MS = 1_000;

/** Liveness says the process runs; readiness says it can commit, which needs the store. */
export function healthRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await Promise.race([
        runtime.store.ping().then(() => runtime.scaleOut?.ready()),
        new Promise((_, reject) => setTimeout(() => reject(new Error('store ping timed out')), READY_TIMEOUT_MS).unref()),
      ]);
      res.json({ status: 'ready', store: runtime.store.kind });
    } catch (error) {
      res.status(503).json({ status: 'not_ready', store: runtime.store.kind, reason: error instanceof Error ? error.message : 'unknown' });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(runtime.metrics.registry.contentType).send(await runtime.metrics.registry.metrics());
  });
  return router;
}
