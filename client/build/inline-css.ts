import type { Plugin } from 'vite';

/**
 * Writes the entry's style sheets (styles/base.css: colours, type, form controls) into
 * index.html instead of linking them: a linked sheet blocks the first paint, and on a slow hall
 * network it waits its turn behind the scripts, so the shell would appear a second later. They
 * are a couple of kilobytes; the shell's own rules use their variables. A disabled link to each
 * stays behind (never fetched): Vite's loader looks for it before a route's chunk may run, and
 * would otherwise fetch the sheet again and wait for it.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'plenary-inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle;
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet" crossorigin href="\/([^"]+\.css)">/g, (link, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') return link;
          return `<style>${String(asset.source).replace(/<\/style/gi, '<\\/style')}</style><link rel="stylesheet" href="/${file}" disabled>`;
        });
      },
    },
  };
}
