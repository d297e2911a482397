import { createI18n, type Composer } from 'vue-i18n';
import type { Messages } from './by-file.ts';

/**
 * English and Russian, the reference event's working languages. Each part of the app keeps its
 * strings in a file of its own under en/ and ru/ (en/room.ts → t('room.…')); each Russian file
 * is typed against its English twin with `satisfies`, so a missing key does not compile.
 * Each language is a chunk of its own: a page downloads the language it shows, and the other
 * only when the person switches (docs/CLIENT.md, "The first screen").
 */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

const load: Record<Locale, () => Promise<Messages>> = {
  en: async () => (await import('./messages-en.ts')).default,
  ru: async () => (await import('./messages-ru.ts')).default,
};

export const loadMessages = (locale: Locale): Promise<Messages> => load[locale]();

export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.slice(0, 2).toLowerCase();
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
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

export function createPlenaryI18n(locale: Locale, messages: Messages) {
  return createI18n({ legacy: false, locale, messages: { [locale]: messages }, pluralRules: { ru: russianPlural } });
}

/** Shows the app in `locale`, downloading its strings first if this page has not yet. */
export async function switchLocale(composer: Composer, locale: Locale): Promise<void> {
  if (!composer.availableLocales.includes(locale)) composer.setLocaleMessage(locale, await loadMessages(locale));
  composer.locale.value = locale;
}
