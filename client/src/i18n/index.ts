import { createI18n, type Composer } from 'vue-i18n';
import type { Messages } from './by-file.ts';

/**
 * English and Russian, the reference event's working languages. Each part of the app keeps its
 * strings in a file of its own under en/ and ru/ (en/room.ts → t('room.…')); each Russian file
 * is typed against its English twin with `satisfies`, so a missing key does not compile.
 * Each language comes in two chunks: what the join page says, loaded before the app mounts, and
 * the rest, loaded after it and before any other page shows (docs/CLIENT.md, "The first
 * screen"). A page downloads only the language it shows; the other when the person switches.
 */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export type StringsPart = 'first' | 'rest';

const PARTS: Record<StringsPart, Record<Locale, () => Promise<{ default: Messages }>>> = {
  first: { en: () => import('./first-en.ts'), ru: () => import('./first-ru.ts') },
  rest: { en: () => import('./rest-en.ts'), ru: () => import('./rest-ru.ts') },
};
const loading = new Map<string, Promise<void>>();

/** Adds one part of a language's strings to the app, once: later calls share the first download (a failed one is tried again). */
export function loadStrings(composer: Composer, locale: Locale, part: StringsPart): Promise<void> {
  const key = `${locale}:${part}`;
  let loaded = loading.get(key);
  if (!loaded) {
    loaded = PARTS[part][locale]().then(
      (module) => composer.mergeLocaleMessage(locale, module.default),
      (error: unknown) => {
        loading.delete(key);
        throw error;
      },
    );
    loading.set(key, loaded);
  }
  return loaded;
}

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

/** Without strings yet: loadStrings adds them before the app mounts. */
export function createPlenaryI18n(locale: Locale) {
  return createI18n({ legacy: false, locale, messages: {}, pluralRules: { ru: russianPlural } });
}

/** Shows the app in `locale`, downloading its strings first if this page has not yet. */
export async function switchLocale(composer: Composer, locale: Locale): Promise<void> {
  await Promise.all([loadStrings(composer, locale, 'first'), loadStrings(composer, locale, 'rest')]);
  composer.locale.value = locale;
}
