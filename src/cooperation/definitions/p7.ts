import { approvedFront, assemble, only, opt, req, state, t, withdraw } from './common.js';

const SENDERS = ['investigator', 'prosecutor', 'judge'] as const;

/**
 * P7 — order for subscriber information, sent directly to a provider in another Party
 * (SAP Art 7; [U]). Unanswered after the period (30 days or the order's own deadline, if
 * longer: a configurable [U] period), it times out and may only be escalated under Art 8 or MLA.
 */
export default assemble(
  {
    code: 'P7',
    legalBasis: ['SAP-7'],
    title: 'Order for subscriber information to a service provider',
    verification: 'U',
    senders: [...SENDERS],
    receivers: ['provider'],
    recipientKind: 'provider',
    channels: ['provider_direct'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('issuing_authority', 'authority', 'SAP Art 7(3)(a)'),
      req('protocol_statement', 'boolean', 'SAP Art 7(3)(b)'),
      req('provider', 'authority', 'SAP Art 7(3)(c)'),
      req('offences', 'offences', 'SAP Art 7(3)(d)'),
      opt('requesting_authority', 'authority', 'SAP Art 7(3)(e)'),
      req('identifiers', 'identifier', 'SAP Art 7(3)(f)', {
        multiple: true,
        personal: 'subscriber',
      }),
      req('data_categories', 'data-categories', 'SAP Art 7(3)(f)'),
      opt('domestic_legal_basis', 'free-text', 'SAP Art 7(4)(a)'),
      opt('penalties', 'free-text', 'SAP Art 7(4)(b)'),
      opt('answer_by', 'date-time', 'SAP Art 7(4)(d)'),
      opt('prior_preservation_ref', 'reference', 'SAP Art 7(4)(e)', { referenceTypes: ['R4'] }),
      opt('special_instructions', 'free-text', 'SAP Art 7(4)(f)'),
      opt('notification_made', 'boolean', 'SAP Art 7(4)(g), 7(5)'),
    ],
    deadlines: [
      {
        code: 'answer',
        rule: 'SAP Art 7(7)',
        verification: 'U',
        party: 'recipient',
        period: { amount: 30, unit: 'days' },
        startOn: ['received'],
        stopOn: ['disclosed', 'provider_refused', 'blocked', 'withdrawn'],
        expireTo: 'timed_out',
        calendar: 'recipient',
      },
    ],
    refusalGrounds: ['essential_interests', 'treaty_ground', 'postpone_domestic_case'],
  },
  approvedFront([...SENDERS], ['prosecutor', 'judge'], ['provider']),
  {
    states: [
      state('disclosed', true),
      state('provider_refused'),
      state('blocked', true),
      state('timed_out'),
      state('escalated_art8', true),
      state('escalated_mla', true),
    ],
    transitions: [
      t(['received', 'acknowledged'], 'disclosed', 'recipient', ['provider'], {
        outbox: true,
        package: true,
        article: 'SAP Art 7(1)',
      }),
      t(['received', 'acknowledged'], 'provider_refused', 'recipient', ['provider'], {
        outbox: true,
        requiresReason: true,
        article: 'SAP Art 7(7)',
      }),
      t(['sent', 'received', 'acknowledged'], 'blocked', 'requester', [...SENDERS], {
        grounds: ['essential_interests', 'treaty_ground', 'postpone_domestic_case'],
        requiresReason: true,
        article: 'SAP Art 7(5)(c)',
      }),
      t(['received', 'acknowledged'], 'timed_out', 'system', []),
      t(['provider_refused', 'timed_out'], 'escalated_art8', 'requester', [...SENDERS], {
        article: 'SAP Art 7(7), 8',
      }),
      t(['provider_refused', 'timed_out'], 'escalated_mla', 'requester', [...SENDERS], {
        article: 'SAP Art 7(7)',
      }),
    ],
  },
  only(
    withdraw(
      ['draft', 'pending_approval', 'approved', 'sent', 'received', 'acknowledged'],
      [...SENDERS],
    ),
  ),
);
