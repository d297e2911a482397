/**
 * An audience code as people type it ("#acsh23 ") and as it is stored ("ACSH23"). Free of zod,
 * so the join page can check a code without loading the schema library (docs/performance.md,
 * route budgets); AudienceCodeSchema in model/event.ts applies the same rule.
 */
export const AUDIENCE_CODE_PATTERN = /^[A-Z0-9]{4,12}$/;

export function normaliseAudienceCode(raw: string): string {
  return raw.trim().replace(/^#/, '').toUpperCase();
}

/** The stored form of `raw`, or null while it cannot be a code. */
export function audienceCodeOf(raw: string): string | null {
  const code = normaliseAudienceCode(raw);
  return AUDIENCE_CODE_PATTERN.test(code) ? code : null;
}
