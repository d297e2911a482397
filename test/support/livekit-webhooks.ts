import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/** What LiveKit does: an AccessToken whose sha256 claim is the base64 SHA-256 of the exact body. */
export async function webhookSignature(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

/** Posts a body to Plenary's webhook endpoint signed with the key pair, as LiveKit would. */
export async function postSignedWebhook(plenaryUrl: string, body: string, apiKey: string, apiSecret: string): Promise<Response> {
  return fetch(`${plenaryUrl}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await webhookSignature(body, apiKey, apiSecret) },
    body,
  });
}
