import { audienceCodeOf } from '../../../shared/audience-code.ts';
import type { ProtocolError } from '../../../shared/errors.ts';
import type { Agenda } from '../../../shared/model/event.ts';
import type { Person } from '../../../shared/model/person.ts';
import type { JoinRequest } from '../../../shared/protocol/http.ts';
import type { Attendance } from '../../../shared/attendance.ts';

/** "#acsh23 " → "ACSH23"; null while it cannot be a code yet (the server's own rule, from shared/). */
export { audienceCodeOf };

export type JoinProfile = { name: string; organisation: string; country: string; attendance: Attendance };

export const EMPTY_PROFILE: JoinProfile = { name: '', organisation: '', country: '', attendance: 'hall' };


/** The profile this device used last, so a second event or a new invite needs no retyping. */
export function profileOf(person: Pick<Person, 'name' | 'organisation' | 'country' | 'attendance'>): JoinProfile {
  return { name: person.name, organisation: person.organisation ?? '', country: person.country ?? '', attendance: person.attendance };
}

export type JoinCredential = { code: string } | { invite: string };

/** The POST /api/join body: blank optional fields are left out rather than sent empty (the server refuses ""). */
export function joinRequest(credential: JoinCredential, profile: JoinProfile): JoinRequest {
  const organisation = profile.organisation.trim();
  const country = profile.country.trim();
  return {
    ...credential,
    name: profile.name.trim(),
    ...(organisation ? { organisation } : {}),
    ...(country ? { country } : {}),
    attendance: profile.attendance,
  } as JoinRequest;
}

/** Only a path inside this app: `?next=https://elsewhere` must not turn the join page into a redirector. */
export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  return raw;
}

/**
 * Where to go after joining: back to the page that sent the person here, unless that page
 * belongs to another event (it would only send them to the join page again).
 */
export function pathAfterJoin(next: string | null, eventId: string): string {
  const agenda = `/e/${encodeURIComponent(eventId)}`;
  if (!next) return agenda;
  if (next.startsWith('/e/') && next !== agenda && !next.startsWith(`${agenda}/`) && !next.startsWith(`${agenda}?`)) return agenda;
  return next;
}

/**
 * Where a display lands straight after joining: the page that sent it here, else the stage
 * display of the hall or the one room its invite is for, else the event's agenda.
 */
export function displayPathAfterJoin(next: string | null, grant: { eventId: string; roomId: string | null; hallId?: string | null }): string {
  if (next) return pathAfterJoin(next, grant.eventId);
  if (grant.hallId) return `/e/${encodeURIComponent(grant.eventId)}/h/${encodeURIComponent(grant.hallId)}/stage`;
  if (grant.roomId === null) return pathAfterJoin(next, grant.eventId);
  return `/e/${encodeURIComponent(grant.eventId)}/r/${encodeURIComponent(grant.roomId)}/stage`;
}

/**
 * The hall a phone joins through: the one the projector's QR code names (`?hall=`), else the
 * hall whose own join code was typed. Null for the event's code: that lands on the agenda.
 */
export function hallOfJoin(agenda: Pick<Agenda, 'halls'>, typedCode: string, hallQuery: string): string | null {
  if (hallQuery && agenda.halls.some((hall) => hall.id === hallQuery)) return hallQuery;
  const code = audienceCodeOf(typedCode);
  return (code && agenda.halls.find((hall) => hall.code === code)?.id) || null;
}

/** Where a phone that joined through a hall lands: the session the hall takes people into now, else the agenda. */
export function hallLandingPath(eventId: string, liveRoomId: string | null): string {
  const agenda = `/e/${encodeURIComponent(eventId)}`;
  return liveRoomId ? `${agenda}/r/${encodeURIComponent(liveRoomId)}` : agenda;
}

export type JoinErrorText = { key: string; params?: Record<string, number> };

/**
 * The join form's own words for the refusals a person can act on; null for the rest, which
 * show the server's message. A wrong code and a dead invite are both `unauthenticated`; an invite
 * to a hall or session since removed from the programme is `not_found`.
 */
export function joinErrorText(error: ProtocolError, credential: 'code' | 'invite'): JoinErrorText | null {
  if (error.code === 'unauthenticated') return { key: credential === 'code' ? 'join.codeUnknown' : 'join.inviteInvalid' };
  if (error.code === 'not_found' && credential === 'invite') return { key: 'join.inviteGone' };
  if (error.code === 'rate_limited') return { key: 'join.tooManyJoins', params: { seconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 1000)) } };
  return null;
}
