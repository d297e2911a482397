import { createI18n } from 'vue-i18n';

/**
 * English and Russian, the reference event's working languages. Each part of the app keeps its
 * strings in a file of its own under en/ and ru/ (en/room.ts → t('room.…')); each Russian file
 * is typed against its English twin with `satisfies`, so a missing key does not compile.
 */
type Messages = Record<string, unknown>;

function byFile(modules: Record<string, { default: Messages }>): Record<string, Messages> {
  return Object.fromEntries(
    Object.entries(modules).map(([path, module]) => [path.replace(/^.*\/(\w[\w-]*)\.ts$/, '$1'), module.default]),
  );
}

export const messages = {
  en: byFile(import.meta.glob<{ default: Messages }>('./en/*.ts', { eager: true })),
  ru: byFile(import.meta.glob<{ default: Messages }>('./ru/*.ts', { eager: true })),
};

export type Locale = keyof typeof messages;
export const LOCALES = Object.keys(messages) as Locale[];

export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.slice(0, 2).toLowerCase();
    if ((LOCALES as string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

/** Russian counts have three forms: 1 минута, 2 минуты, 5 минут. */
function russianPlural(choice: number, choicesLength: number): number {
  if (choicesLength < 3) return choice === 1 ? 0 : 1;
  const n = Math.abs(choice) % 100;
  const last = n % 10;
  if (n > 10 && n < 20) return 2;
  if (last === 1) return 0;
  if (last >= 2 && last <= 4) return 1;
  return 2;
}

export function createPlenaryI18n(locale: Locale) {
  return createI18n({ legacy: false, locale, fallbackLocale: 'en', messages, pluralRules: { ru: russianPlural } });
}
