/**
 * What a recipient outside nohaven may be sent (issue 5 item 6: "every notification passes the
 * policy for its recipient"). A webhook URL or an e-mail address is not a reader of this node:
 * it has no organisation, no sharing groups and no user, and what is sent to it leaves the
 * node's control. The read policy (`policy/read-policy.ts`) therefore does not apply as such;
 * this is its counterpart for external recipients, pure and total.
 *
 * Rules (TLP 2.0 and the object's distribution):
 * - a distribution narrower than the community (`organisation`, `sharing-group:<id>`, or
 *   anything unknown) is never sent;
 * - CLEAR and GREEN (and unmarked content, which counts as GREEN) are sent;
 * - AMBER only to a contact the finding was routed to (need to know: the abuse desk or the
 *   contact point that must act on it);
 * - AMBER+STRICT and RED (and unknown levels, which count as RED) are never sent.
 *
 * Withheld content is not sent: the recipient gets a notice instead — the kind of
 * notification, its id on this node and a link — so that it knows to sign in and look, and
 * nothing of the finding itself (no value, no reasons, no STIX content).
 */
import { effectiveTlp, NODE_WIDE_DISTRIBUTIONS } from '../policy/read-policy.js';

/** What the policy needs to know about the object a notification is about. */
export interface ExternalSubject {
  /** Strictest TLP 2.0 level of the object's markings, or null when unmarked. */
  readonly tlp: string | null;
  readonly distribution: string;
}

/** The recipient, and whether the notification is a finding routed to that very contact. */
export interface ExternalRecipient {
  readonly routedToThisContact: boolean;
}

export type WithheldReason = 'restricted-distribution' | 'amber-need-to-know' | 'tlp-too-strict';

export type ExternalDecision =
  { readonly send: 'content' } | { readonly send: 'notice'; readonly reason: WithheldReason };

export function externalDecision(
  subject: ExternalSubject,
  recipient: ExternalRecipient,
): ExternalDecision {
  if (!NODE_WIDE_DISTRIBUTIONS.includes(subject.distribution))
    return { send: 'notice', reason: 'restricted-distribution' };
  switch (effectiveTlp(subject.tlp)) {
    case 'clear':
    case 'green':
      return { send: 'content' };
    case 'amber':
      return recipient.routedToThisContact
        ? { send: 'content' }
        : { send: 'notice', reason: 'amber-need-to-know' };
    case 'amber+strict':
    case 'red':
      return { send: 'notice', reason: 'tlp-too-strict' };
  }
}
