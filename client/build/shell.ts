import type { Plugin } from 'vite';
import enCommon from '../src/i18n/en/common.ts';
import enJoin from '../src/i18n/en/join.ts';
import ruCommon from '../src/i18n/ru/common.ts';
import ruJoin from '../src/i18n/ru/join.ts';
import { fillShellText } from './shell-text.ts';

/** index.html's shell in both languages, from the strings the join page itself uses. */
export function shellText(): Plugin {
  return {
    name: 'plenary-shell-text',
    transformIndexHtml: (html) => fillShellText(html, { common: enCommon, join: enJoin }, { common: ruCommon, join: ruJoin }),
  };
}
