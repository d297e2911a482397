/**
 * Fills index.html's shell (docs/CLIENT.md, "The first screen") with the app's own strings, so
 * the page painted before any script runs says what the join page will say, word for word:
 * `<h1 data-t="join.title"></h1>` becomes `<h1 data-ru="Вход на конференцию">Join the conference</h1>`,
 * and the shell's inline script swaps in the Russian where the person reads Russian.
 */
export type Strings = Record<string, unknown>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);

function lookup(strings: Strings, key: string): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Strings)[part] : undefined), strings);
  if (typeof value !== 'string') throw new Error(`index.html's shell names "${key}", which is not a string in client/src/i18n`);
  return value;
}

/** Every empty element marked `data-t="namespace.key"`, filled with its English text and carrying its Russian in `data-ru`. */
export function fillShellText(html: string, en: Strings, ru: Strings): string {
  return html.replace(/<(\w+)([^>]*?) data-t="([\w.]+)"([^>]*)><\/\1>/g, (_match, tag: string, before: string, key: string, after: string) => {
    return `<${tag}${before}${after} data-ru="${escapeHtml(lookup(ru, key))}">${escapeHtml(lookup(en, key))}</${tag}>`;
  });
}
