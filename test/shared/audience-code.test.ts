import { describe, expect, test } from 'vitest';
import { audienceCodeOf } from '../../shared/audience-code.ts';
import { AudienceCodeSchema } from '../../shared/model/event.ts';

/** The join page checks codes without zod (shared/audience-code.ts); the server's schema must agree with it on every input. */
describe('the audience code rule, with and without zod', () => {
  test.each(['ACSH23', '#acsh23', '  #Acsh23 ', 'abcd', 'ABCDEFGHIJKL', 'ABCDEFGHIJKLM', 'AB1', '#', '', 'ACS H23', '##ACSH23', 'ÄCSH23', 'acsh23\n'])('%j', (raw) => {
    const parsed = AudienceCodeSchema.safeParse(raw);
    expect(audienceCodeOf(raw)).toBe(parsed.success ? parsed.data : null);
  });
});
