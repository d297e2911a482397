import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Tokens, invite secrets and message bodies are never logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['token', '*.token', 'adminToken', 'secret', '*.secret', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
