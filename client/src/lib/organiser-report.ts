import type { AgendaPerson } from '../../../shared/model/event.ts';

/**
 * How to put the balance figure (1 − a normalised Gini of delegations' speaking time) in words.
 * One delegation alone is "balanced" by the formula but says nothing, so it is called out.
 */
export type BalanceVerdict = 'nobody' | 'single' | 'even' | 'uneven' | 'dominated';

export function balanceVerdict(balance: number, delegations: number, totalMs: number): BalanceVerdict {
  if (totalMs === 0 || delegations === 0) return 'nobody';
  if (delegations === 1) return 'single';
  if (balance >= 0.8) return 'even';
  if (balance >= 0.5) return 'uneven';
  return 'dominated';
}

/** A bar's length against the longest one, in percent; a zero-length chart has no bars. */
export function barWidth(value: number, longest: number): number {
  return longest > 0 ? Math.max(0, Math.min(100, (value / longest) * 100)) : 0;
}

/** An agenda person as a form edits them: every field a string. */
export type PersonDraft = { name: string; organisation: string; country: string; title: string };

export function personDraft(person: AgendaPerson): PersonDraft {
  return { name: person.name, organisation: person.organisation ?? '', country: person.country ?? '', title: person.title ?? '' };
}

/** Empty fields are left out (the schema wants them absent, not blank); rows without a name are dropped. */
export function agendaPeople(drafts: readonly PersonDraft[]): AgendaPerson[] {
  return drafts
    .filter((draft) => draft.name.trim() !== '')
    .map((draft) => {
      const person: AgendaPerson = { name: draft.name.trim() };
      if (draft.organisation.trim()) person.organisation = draft.organisation.trim();
      if (draft.country.trim()) person.country = draft.country.trim();
      if (draft.title.trim()) person.title = draft.title.trim();
      return person;
    });
}

/** A room id proposed from its title: lower-case letters, digits and dashes, as the agenda's ids are. */
export function roomIdFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

/** A speaking time split for words ("12 min 05 s", "1 h 02 min"); seconds are rounded, not cut. */
export function durationParts(ms: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.round(Math.max(0, ms) / 1000);
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}
