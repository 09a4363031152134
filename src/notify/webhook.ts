/**
 * Webhook delivery: `POST <address>` with the notification as JSON, signed with the contact's
 * secret (`webhook-signature.ts`). A 2xx answer within the timeout is delivered; anything else
 * (another status, a refused connection, no answer in time) is a failed attempt.
 */
import type { Notification } from './delivery-content.js';
import type { Delivery } from './delivery.types.js';
import { webhookSignature } from './webhook-signature.js';

/** The JSON body of a notification: `{ type, id, … }`; withheld content is a notice. */
export function webhookBody(n: Notification, created: string): Record<string, unknown> {
  const head = { type: n.kind, id: n.deliveryId, created, link: n.link };
  if (n.kind === 'routed-item') {
    const item = n.item;
    if (n.withheld !== null || n.object === null)
      return { ...head, withheld: n.withheld, item: { id: item.id, routed_at: item.routedAt } };
    return {
      ...head,
      item: {
        id: item.id,
        object_id: item.objectId,
        object_type: item.objectType,
        state: item.state,
        routed_at: item.routedAt,
        contact: { id: item.contactId, name: item.contactName, kind: item.contactKind },
        reasons: item.reasons,
      },
      object: n.object,
    };
  }
  if (n.withheld !== null || n.object === null)
    return { ...head, withheld: n.withheld, alert: { id: n.alertId, change: n.change } };
  return { ...head, alert: { id: n.alertId, change: n.change }, object: n.object };
}

export interface WebhookSenderDeps {
  /** The contact's signing secret, or null when none was made yet. */
  readonly secretOf: (contactId: string) => Promise<string | null>;
  readonly timeoutMs: number;
  /** Unix time in seconds for `X-Nohaven-Timestamp`. */
  readonly now: () => Date;
}

export type WebhookSender = (d: Delivery, n: Notification) => Promise<void>;

export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  return async (d, n) => {
    const secret = await deps.secretOf(d.contactId);
    if (secret === null)
      throw new Error(
        `contact ${d.contactId} has no webhook secret: create one with POST /api/v1/contacts/${d.contactId}/webhook-secret`,
      );
    const now = deps.now();
    const body = JSON.stringify(webhookBody(n, now.toISOString()));
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let res: Response;
    try {
      res = await fetch(d.address, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'nohaven-webhook',
          'x-nohaven-timestamp': timestamp,
          'x-nohaven-signature': webhookSignature(secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
        throw new Error(`no answer from ${d.address} within ${deps.timeoutMs} ms`);
      const cause =
        err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new Error(`POST ${d.address} failed${cause || `: ${String(err)}`}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299)
      throw new Error(`POST ${d.address} answered HTTP ${res.status}`);
  };
}
