import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { inlineScriptSources } from '../../server/http/content-security.ts';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe("the index page's inline scripts under CSP", () => {
  test('each inline script is allowed by the hash of exactly its text; scripts loaded by src need none', () => {
    const shell = "\n      (function () { document.documentElement.lang = 'ru'; })();\n    ";
    const html = `<head><script type="module" crossorigin src="/assets/index-1.js"></script></head><body><script>${shell}</script><SCRIPT>x()</SCRIPT></body>`;
    expect(inlineScriptSources(html)).toEqual([sha256(shell), sha256('x()')]);
    expect(inlineScriptSources(html)).not.toContain(sha256(shell.trim()));
  });

  test('a page with no inline script, or no page yet, adds nothing; a JSON data block is never run and needs no hash', () => {
    expect(inlineScriptSources('<script src="/a.js"></script>')).toEqual([]);
    expect(inlineScriptSources('<script type="application/json" id="shell-preload">{"en":[]}</script>')).toEqual([]);
    expect(inlineScriptSources('')).toEqual([]);
  });
});
