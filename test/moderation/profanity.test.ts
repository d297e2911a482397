import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProfane, maskProfanity, profaneSpans } from '../../server/moderation/profanity.ts';

describe('the profanity filter', () => {
  it.each([
    ['what the fuck is this', 'what the **** is this'],
    ['sh1t happens', '**** happens'],
    ['a fucking mess', 'a ******* mess'],
    ['fuuuuck', '*******'],
    ['f u c k', '* * * *'],
    ['b i t c h please', '* * * * * please'],
  ])('English, with the usual obfuscations: %s', (text, masked) => {
    expect(isProfane(text)).toBe(true);
    expect(maskProfanity(text)).toBe(masked);
  });

  it.each([
    ['это пиздец', 'это ******'],
    ['ПИЗДЕЦ!', '******!'],
    ['хуууй', '*****'],
    ['это п и з д е ц', 'это * * * * * *'],
    ['это х.у.й', 'это *.*.*'],
    ['мы е б ё м', 'мы * * * *'],
    ['Мы ебём', 'Мы ****'],
  ])('Russian, inflected, spaced out or repeated: %s', (text, masked) => {
    expect(maskProfanity(text)).toBe(masked);
  });

  it.each([['xyй'], ['п1здец'], ['пizдец'], ['cука']])('Latin letters and digits standing in for Cyrillic ones: %s', (text) => {
    expect(maskProfanity(text)).toBe('*'.repeat(text.length));
  });

  it.each([
    ['Scunthorpe council'],
    ['assessment of classes'],
    ['какая разница'],
    ['учебник и хлебало'],
    ['Как оценивать заслуги госслужащих?'],
    ['Hello world'],
    ['a b c'],
  ])('leaves innocent text alone: %s', (text) => {
    expect(profaneSpans(text)).toEqual([]);
    expect(maskProfanity(text)).toBe(text);
  });

  it('masks only letters and digits: the text keeps its length, spacing and punctuation, and what is masked is no longer profane', () => {
    const pieces = fc.constantFrom('fuck', 'пиздец', ' ', ', ', 'meritocracy', 'честность', '!', 'х у й', '\n', 'sh1t');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join(' ');
        const masked = maskProfanity(text);
        expect(masked.length).toBe(text.length);
        expect(masked.replace(/\*/g, '')).toBe(text.replace(/[\p{L}\p{N}@$]/gu, (char, at: number) => (masked[at] === '*' ? '' : char)));
        expect(isProfane(masked)).toBe(false);
      }),
    );
  });
});
