import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `X-Nohaven-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." +
 * body)>` with `X-Nohaven-Timestamp: <unix seconds>`. Signing the timestamp with the body lets
 * a receiver refuse replays of an old body (compare the timestamp with its own clock).
 */
export const SIGNATURE_HEADER = 'x-nohaven-signature';
export const TIMESTAMP_HEADER = 'x-nohaven-timestamp';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Whether `signature` is the signature of `body` at `timestamp` (constant-time compare). */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
