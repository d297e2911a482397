import type { Floor, SpeakerRequest } from '../../../shared/model/floor.ts';

export type MyRequest = { request: SpeakerRequest; place: number };

/** This person's requests on the list of speakers, with their place (1 = speaks next). */
export function myRequests(floor: Floor, personId: string): MyRequest[] {
  return floor.queue.flatMap((request, index) => (request.speaker.personId === personId ? [{ request, place: index + 1 }] : []));
}

export function holdsFloor(floor: Floor, personId: string): boolean {
  return floor.current?.speaker.personId === personId;
}

/** "Kazakhstan · Agency for Civil Service Affairs": whichever of the two is known. */
export function delegationLine(speaker: { organisation: string | null; country: string | null }): string {
  return [speaker.country, speaker.organisation].filter((part): part is string => !!part).join(' · ');
}
