/** What a connection's next message may do: run, be refused, or end the connection. */
export type Admission = 'allowed' | 'refused' | 'exhausted';

/**
 * One connection's budget of inbound messages: a token bucket checked before anything else, in
 * memory, so a flood costs a subtraction per message and never reaches the store or Redis.
 * Refused messages still take a token: the debt grows while a client keeps sending past its
 * refusals, and once it reaches a full second's worth the connection is to be dropped.
 */
export class InboundBudget {
  private tokens: number;
  private atMs: number;

  constructor(
    private readonly perSecond: number,
    nowMs: number,
  ) {
    this.tokens = perSecond;
    this.atMs = nowMs;
  }

  take(nowMs: number): Admission {
    const elapsedMs = Math.max(0, nowMs - this.atMs);
    this.atMs = nowMs;
    this.tokens = Math.min(this.perSecond, this.tokens + (elapsedMs * this.perSecond) / 1_000) - 1;
    if (this.tokens >= 0) return 'allowed';
    return this.tokens <= -this.perSecond ? 'exhausted' : 'refused';
  }

  /** How long until the next message would be allowed again. */
  waitMs(): number {
    return Math.max(0, Math.ceil(((1 - this.tokens) * 1_000) / this.perSecond));
  }
}
