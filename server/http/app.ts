import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { liveKitWebhookRoutes } from '../media/webhooks.ts';
import type { Runtime } from '../runtime.ts';
import { isStoreFailure } from '../store/failures.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { builtIndexPage, clientRoutes } from './client-routes.ts';
import { connectSources, inlineScriptSources } from './content-security.ts';
import { controlRoutes } from './control-routes.ts';
import { hallRoutes } from './hall-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { importRoutes } from './import-routes.ts';
import { sendError } from './http-errors.ts';
import { joinRoutes } from './join-routes.ts';
import { openApiRoutes } from './openapi-routes.ts';
import { organiserRoutes } from './organiser-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

export function createHttpApp(runtime: Runtime): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Only a configured proxy's X-Forwarded-For decides req.ip, which the join limit counts by.
  app.set('trust proxy', runtime.config.trustProxy);
  // On a hall's LAN Plenary is often reached over plain HTTP by address; upgrading requests would break it.
  const secure = runtime.config.publicUrl.startsWith('https:');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: secure ? [] : null,
          connectSrc: connectSources(runtime.config.liveKit),
          scriptSrc: ["'self'", ...inlineScriptSources(builtIndexPage() ?? '')],
        },
      },
      strictTransportSecurity: secure,
    }),
  );
  app.use(cors({ origin: runtime.config.corsOrigins.includes('*') ? true : runtime.config.corsOrigins }));
  app.use(healthRoutes(runtime));
  app.use(openApiRoutes(runtime));
  app.use(joinRoutes(runtime));
  app.use(calendarRoutes(runtime));
  app.use(controlRoutes(runtime));
  app.use(hallRoutes(runtime));
  app.use(organiserRoutes(runtime));
  app.use(importRoutes(runtime));
  app.use(reportRoutes(runtime));
  app.use(webhookRoutes(runtime));
  if (runtime.media) app.use(liveKitWebhookRoutes(runtime.media));
  app.use('/api', (_req, res) => sendError(res, 'not_found', 'No such API endpoint.'));
  app.use(clientRoutes());
  app.use(errorHandler(runtime));
  return app;
}

type BodyParserError = Error & { type?: string; status?: number };

function errorHandler(runtime: Runtime) {
  return (error: BodyParserError, _req: Request, res: Response, _next: NextFunction): void => {
    if (error.type === 'entity.too.large') return sendError(res, 'invalid_input', 'The request body is too large.');
    if (error.type === 'entity.parse.failed') return sendError(res, 'invalid_input', 'The request body is not valid JSON.');
    if (isStoreFailure(error)) {
      runtime.logger.error({ err: error }, 'store failure in HTTP request');
      return sendError(res, 'unavailable', 'The store is not reachable; nothing was changed. Retry.');
    }
    runtime.logger.error({ err: error }, 'HTTP request failed');
    sendError(res, 'internal', 'Unexpected server error.');
  };
}
