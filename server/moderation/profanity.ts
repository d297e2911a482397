import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { flatWords as russianWordForms } from 'russian-bad-words';

/** A stretch of a text, [start, end) in UTF-16 units, that the filter found profane. */
export type ProfaneSpan = { start: number; end: number };

/*
 * English: obscenity's curated dataset and transformers (leetspeak, confusable Unicode letters,
 * repeated letters, letters spaced out with symbols), with its whitelist against the Scunthorpe
 * problem. Russian: the inflected forms of the russian-bad-words dictionary, matched as whole
 * words after undoing what people do to slip them past a filter: Latin letters and digits
 * standing in for Cyrillic ones, ё written е, letters repeated or spaced out. Whole words only:
 * matching roots inside words would flag innocent ones ("хлебало", "учебник"), so a derived word
 * the dictionary lacks is left to the moderator.
 */
const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** Latin letters and digits that look like Cyrillic ones, as they stand in for them in mixed-script words. */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'и', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', u: 'и', x: 'х', y: 'у', z: 'з',
  '0': 'о', '1': 'и', '3': 'з', '4': 'ч', '6': 'б', '@': 'а',
};

const CYRILLIC = /[а-яё]/;

/** A word as the dictionary spells it: lower case, ё as е, each run of one letter as one letter. */
function russianKey(word: string): string {
  const lower = word.toLocaleLowerCase('ru').replace(/ё/g, 'е');
  const letters = CYRILLIC.test(lower) ? [...lower].map((char) => CYRILLIC_LOOKALIKES[char] ?? char).join('') : lower;
  return letters.replace(/(.)\1+/gu, '$1');
}

const RUSSIAN_KEYS: ReadonlySet<string> = new Set(russianWordForms.filter((form) => /^[а-яё]+$/i.test(form)).map(russianKey));

/** Three or more single letters with a separator between each ("х у й", "f.u.c.k"): one word spelt out. */
const SPELT_OUT = /(?<![\p{L}\p{N}@])[\p{L}\p{N}@](?:[\s._*-]+[\p{L}\p{N}@](?![\p{L}\p{N}@])){2,}/gu;
const WORD = /[\p{L}\p{N}@]+/gu;

type Word = ProfaneSpan & { letters: string };

/** The text's words with where each stands; a word spelt out counts as one, its letters joined. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(SPELT_OUT)) {
    words.push({ start: match.index, end: match.index + match[0].length, letters: match[0].replace(/[\s._*-]+/g, '') });
  }
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    if (!words.some((word) => start >= word.start && start < word.end)) words.push({ start, end: start + match[0].length, letters: match[0] });
  }
  return words;
}

function russianSpans(words: readonly Word[]): ProfaneSpan[] {
  return words.filter((word) => RUSSIAN_KEYS.has(russianKey(word.letters))).map(({ start, end }) => ({ start, end }));
}

function englishSpans(text: string, words: readonly Word[]): ProfaneSpan[] {
  const inText = english.getAllMatches(text, true).map((match) => ({ start: match.startIndex, end: match.endIndex + 1 }));
  const speltOut = words.filter((word) => word.end - word.start > word.letters.length && english.hasMatch(word.letters));
  return [...inText, ...speltOut.map(({ start, end }) => ({ start, end }))];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function wholeWord(text: string, { start, end }: ProfaneSpan): ProfaneSpan {
  let from = start;
  let to = end;
  while (from > 0 && WORD_CHAR.test(text[from - 1]!)) from -= 1;
  while (to < text.length && WORD_CHAR.test(text[to]!)) to += 1;
  return { start: from, end: to };
}

/** Where the text is profane, in order, overlapping stretches merged. */
export function profaneSpans(text: string): ProfaneSpan[] {
  const words = wordsOf(text);
  // Whole words: "****ing" would still say what it masks.
  const spans = [...englishSpans(text, words), ...russianSpans(words)].map((span) => wholeWord(text, span)).sort((a, b) => a.start - b.start);
  const merged: ProfaneSpan[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

export function isProfane(text: string): boolean {
  return profaneSpans(text).length > 0;
}

/** The text with every letter and digit of its profane stretches replaced by "*"; spacing and punctuation stay. */
export function maskProfanity(text: string): string {
  let masked = '';
  let from = 0;
  for (const { start, end } of profaneSpans(text)) {
    masked += text.slice(from, start) + text.slice(start, end).replace(/[\p{L}\p{N}@$]/gu, '*');
    from = end;
  }
  return masked + text.slice(from);
}
