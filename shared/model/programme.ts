import type { AgendaPerson } from './event.ts';

/** Names and organisations as people type them: case, Unicode composition and spacing do not make two people. */
function normalised(text: string | null | undefined): string {
  return (text ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/**
 * Whether a speaker is the person the programme names: the same name, and the same
 * organisation unless one of the two does not give one. The server binds joined panellists
 * by it; the console marks programme speakers already on the list by it.
 */
export function isProgrammePerson(person: AgendaPerson, speaker: { name: string; organisation?: string | null | undefined }): boolean {
  if (normalised(person.name) !== normalised(speaker.name)) return false;
  const a = normalised(person.organisation);
  const b = normalised(speaker.organisation);
  return a === '' || b === '' || a === b;
}
