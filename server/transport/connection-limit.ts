import type { ProtocolError } from '../../shared/errors.ts';
import type { Logger } from '../logger.ts';

/** At most one log line per this long about refused connections, however many were refused. */
const LOG_EVERY_MS = 60_000;
/** Refused clients come back after 5–15 s, spread so a full hall does not return in one wave. */
const RETRY_AFTER_MIN_MS = 5_000;
const RETRY_SPREAD_MS = 10_000;

/**
 * PLENARY_MAX_CONNECTIONS: a connection beyond it is refused with `unavailable` and a message
 * that says the server is full, instead of failing later with a bare socket error when the
 * process runs out of file descriptors.
 */
export class ConnectionLimit {
  private refusedSinceLog = 0;
  private loggedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly max: number,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
  ) {}

  /** `open` counts the connection asking; null lets it in, a refusal says why and when to return. */
  admit(open: number): ProtocolError | null {
    if (open <= this.max) return null;
    this.refusedSinceLog++;
    const now = this.now();
    if (now - this.loggedAtMs >= LOG_EVERY_MS) {
      this.logger.warn(
        { open: open - 1, maxConnections: this.max, refused: this.refusedSinceLog },
        `connections refused: PLENARY_MAX_CONNECTIONS=${this.max} reached (refused ${this.refusedSinceLog} since the last line like this)`,
      );
      this.loggedAtMs = now;
      this.refusedSinceLog = 0;
    }
    return {
      code: 'unavailable',
      message: 'The server is full; try again in a moment.',
      retryAfterMs: RETRY_AFTER_MIN_MS + Math.floor(this.random() * RETRY_SPREAD_MS),
    };
  }
}
