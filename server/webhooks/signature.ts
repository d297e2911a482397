import { createHmac } from 'node:crypto';

/** HMAC-SHA256 over `${timestamp}.${rawBody}`, hex: the timestamp is signed, so an old body cannot be replayed with a new one. */
export function webhookSignature(secret: string, timestampS: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.${rawBody}`).digest('hex');
}

/** The Plenary-Signature header: `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(secret: string, timestampS: number, rawBody: string): string {
  return `t=${timestampS},v1=${webhookSignature(secret, timestampS, rawBody)}`;
}
