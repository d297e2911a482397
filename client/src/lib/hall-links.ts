import { publicLink } from './public-links.ts';

export type HallScreen = 'stage' | 'projector';

const enc = encodeURIComponent;

/** The path of a hall's screen: it follows whichever session the hall holds. */
export function hallScreenPath(eventId: string, hallId: string, screen: HallScreen): string {
  return `/e/${enc(eventId)}/h/${enc(hallId)}/${screen}`;
}

/**
 * A hall display invite that opens one screen straight away: the join page signs the device in
 * with the invite (no form, it is a display) and then goes to `next`. The invite's own URL
 * already carries the public address.
 */
export function hallScreenInviteLink(inviteUrl: string, eventId: string, hallId: string, screen: HallScreen): string {
  const separator = inviteUrl.includes('?') ? '&' : '?';
  // Slashes may stay as they are in a query: the link stays readable when pasted into a message.
  return `${inviteUrl}${separator}next=${enc(hallScreenPath(eventId, hallId, screen)).replace(/%2F/g, '/')}`;
}

/**
 * What the projector's QR code opens: the join page with the code people can also type (the
 * hall's own when it has one, else the event's) and the hall, so the phone lands in the session
 * the hall holds now.
 */
export function hallJoinUrl(publicUrl: string, code: string, hallId: string | null): string {
  const query = `?code=${enc(code)}${hallId ? `&hall=${enc(hallId)}` : ''}`;
  return publicLink(publicUrl, `/${query}`);
}
