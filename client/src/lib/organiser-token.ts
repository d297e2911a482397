/**
 * The printed organiser link carries the admin token in the URL fragment (never sent to servers or
 * logged): it is read once, kept for this tab only, and taken out of the address bar at once.
 */
export const ADMIN_TOKEN_KEY = 'plenary.adminToken';

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/** The fragment without the token; other parameters stay. */
export function hashWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

/**
 * The token from the link if there is one (saved, and the address rewritten through `replaceUrl`),
 * else the one saved earlier in this tab.
 */
export function takeAdminToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  storage: TokenStorage,
  replaceUrl: (url: string) => void,
): string | null {
  const fromLink = tokenFromHash(location.hash);
  if (fromLink) {
    storage.setItem(ADMIN_TOKEN_KEY, fromLink);
    replaceUrl(`${location.pathname}${location.search}${hashWithoutToken(location.hash)}`);
    return fromLink;
  }
  return storage.getItem(ADMIN_TOKEN_KEY);
}

export function saveAdminToken(storage: TokenStorage, token: string): void {
  storage.setItem(ADMIN_TOKEN_KEY, token);
}

export function forgetAdminToken(storage: TokenStorage): void {
  storage.removeItem(ADMIN_TOKEN_KEY);
}
