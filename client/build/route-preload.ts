import type { Plugin, Rollup } from 'vite';

/**
 * The join page's chunks and each language's strings, named in index.html so the shell's inline
 * script can ask for the ones this visit needs (docs/CLIENT.md, "The first screen") together
 * with the app's entry: without it they are found only once the entry has run, a second round
 * trip that costs a second on a slow hall network. The list is data (a JSON block), not script,
 * so the inline script and its CSP hash stay the same from build to build.
 */
export type ShellPreload = { join: string[]; en: string[]; ru: string[] };

const MODULES: Record<keyof ShellPreload, string> = {
  join: '/src/views/JoinView.vue',
  en: '/src/i18n/first-en.ts',
  ru: '/src/i18n/first-ru.ts',
};

type Chunk = Pick<Rollup.OutputChunk, 'fileName' | 'imports' | 'facadeModuleId'> & { viteMetadata?: { importedCss: Set<string> } };

/** A chunk's file, its static imports' files and their style sheets, each once. */
export function staticFilesOf(chunks: ReadonlyMap<string, Chunk>, fileName: string, seen = new Set<string>()): Set<string> {
  const chunk = chunks.get(fileName);
  if (!chunk || seen.has(fileName)) return seen;
  seen.add(fileName);
  for (const css of chunk.viteMetadata?.importedCss ?? []) seen.add(css);
  for (const imported of chunk.imports) staticFilesOf(chunks, imported, seen);
  return seen;
}

export function shellPreload(bundle: Rollup.OutputBundle, entry: string, base: string): ShellPreload {
  const chunks = new Map(Object.values(bundle).flatMap((item) => (item.type === 'chunk' ? [[item.fileName, item as Chunk] as const] : [])));
  const loadedByEntry = staticFilesOf(chunks, entry);
  const filesOf = (module: string) => {
    const chunk = [...chunks.values()].find((candidate) => candidate.facadeModuleId?.endsWith(module));
    if (!chunk) throw new Error(`no chunk for ${module}: update client/build/route-preload.ts`);
    return [...staticFilesOf(chunks, chunk.fileName)].filter((file) => !loadedByEntry.has(file)).map((file) => `${base}${file}`);
  };
  return { join: filesOf(MODULES.join), en: filesOf(MODULES.en), ru: filesOf(MODULES.ru) };
}

export function routePreload(): Plugin {
  let base = '/';
  return {
    name: 'plenary-route-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.bundle || !context.chunk) return html;
        const placeholder = '<script type="application/json" id="shell-preload">{}</script>';
        if (!html.includes(placeholder)) throw new Error(`index.html lost its ${placeholder}`);
        const preload = JSON.stringify(shellPreload(context.bundle, context.chunk.fileName, base)).replace(/</g, '\\u003c');
        return html.replace(placeholder, `<script type="application/json" id="shell-preload">${preload}</script>`);
      },
    },
  };
}
