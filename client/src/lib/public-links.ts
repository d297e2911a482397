/**
 * Links are built from the address the server says people use (PUBLIC_URL), never from the host
 * this page happens to be open on: a link copied from a page opened on localhost, or on the
 * server's LAN address, must still work on a phone in the hall.
 */
export function publicLink(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

/** True when this page was opened on another host than the one its links point to. */
export function originDiffers(publicUrl: string, pageOrigin: string): boolean {
  try {
    return new URL(publicUrl).origin !== new URL(pageOrigin).origin;
  } catch {
    return true;
  }
}
