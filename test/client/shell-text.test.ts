import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fillShellText } from '../../client/build/shell-text.ts';
import enCommon from '../../client/src/i18n/en/common.ts';
import enJoin from '../../client/src/i18n/en/join.ts';
import ruCommon from '../../client/src/i18n/ru/common.ts';
import ruJoin from '../../client/src/i18n/ru/join.ts';

describe("index.html's shell text", () => {
  test('an element marked with a key gets its English text and its Russian in data-ru, both escaped', () => {
    const html = '<h1 class="a" data-t="join.title"></h1><p data-t="x.quote" id="q"></p>';
    const en = { join: { title: 'Join the conference' }, x: { quote: 'Say "hi" & <wave>' } };
    const ru = { join: { title: 'Вход на конференцию' }, x: { quote: '«Привет» & <машите>' } };
    expect(fillShellText(html, en, ru)).toBe(
      '<h1 class="a" data-ru="Вход на конференцию">Join the conference</h1><p id="q" data-ru="«Привет» &amp; &lt;машите&gt;">Say &quot;hi&quot; &amp; &lt;wave&gt;</p>',
    );
  });

  test('a key the strings do not have fails the build rather than painting an empty label', () => {
    expect(() => fillShellText('<span data-t="join.gone"></span>', { join: {} }, { join: {} })).toThrow(/join\.gone/);
    expect(() => fillShellText('<span data-t="join"></span>', { join: { a: 'x' } }, { join: { a: 'y' } })).toThrow(/not a string/);
  });

  test('every key index.html names is in both languages, and none is left unfilled', () => {
    const page = readFileSync(new URL('../../client/index.html', import.meta.url), 'utf8');
    const filled = fillShellText(page, { common: enCommon, join: enJoin }, { common: ruCommon, join: ruJoin });
    expect(page).toContain('data-t="join.title"');
    expect(filled).not.toContain('data-t=');
    expect(filled).toContain('data-ru="Вход на конференцию">Join the conference</h1>');
  });
});
