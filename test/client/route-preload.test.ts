import type { Rollup } from 'vite';
import { describe, expect, test } from 'vitest';
import { shellPreload } from '../../client/build/route-preload.ts';

const chunk = (fileName: string, facadeModuleId: string | null, imports: string[], css: string[] = []) =>
  ({ type: 'chunk', fileName, facadeModuleId, imports, viteMetadata: { importedCss: new Set(css), importedAssets: new Set() } }) as unknown as Rollup.OutputChunk;

describe("the shell's preload list", () => {
  test("names each chunk the join page and each language need beyond the entry's own, with their style sheets, each once", () => {
    const bundle = Object.fromEntries(
      [
        chunk('assets/index.js', '/app/index.html', ['assets/framework.js']),
        chunk('assets/framework.js', null, [], ['assets/framework.css']),
        chunk('assets/JoinView.js', '/app/src/views/JoinView.vue', ['assets/framework.js', 'assets/code.js'], ['assets/JoinView.css']),
        chunk('assets/code.js', null, []),
        chunk('assets/first-en.js', '/app/src/i18n/first-en.ts', ['assets/framework.js']),
        chunk('assets/first-ru.js', '/app/src/i18n/first-ru.ts', []),
        chunk('assets/RoomView.js', '/app/src/views/RoomView.vue', ['assets/framework.js']),
      ].map((item) => [item.fileName, item]),
    ) as Rollup.OutputBundle;
    expect(shellPreload(bundle, 'assets/index.js', '/')).toEqual({
      join: ['/assets/JoinView.js', '/assets/JoinView.css', '/assets/code.js'],
      en: ['/assets/first-en.js'],
      ru: ['/assets/first-ru.js'],
    });
  });

  test('a build without the join page fails rather than preloading nothing', () => {
    const bundle = { 'assets/index.js': chunk('assets/index.js', '/app/index.html', []) } as Rollup.OutputBundle;
    expect(() => shellPreload(bundle, 'assets/index.js', '/')).toThrow(/JoinView/);
  });
});
