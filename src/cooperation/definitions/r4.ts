import { approvedFront, assemble, only, req, state, t, withdraw } from './common.js';

const POC = ['contact-point', 'central-authority'] as const;

/**
 * R4 — expedited preservation of stored computer data (BC Art 29), the main 24/7 workflow.
 * Every field Art 29(2)(a)–(f) requires is required. The preservation lasts at least 60 days
 * (29(7)); an extension adds the configured period once; once the follow-up request (R6 or R1
 * naming this one) is received, the preservation is held until it is decided.
 */
export default assemble(
  {
    code: 'R4',
    legalBasis: ['BC-29'],
    title: 'Expedited preservation of stored computer data',
    verification: 'V',
    senders: [...POC],
    receivers: [...POC],
    recipientKind: 'authority',
    channels: ['24_7', 'central_authority'],
    urgencies: ['normal', 'urgent', 'emergency'],
    fields: [
      req('requesting_authority', 'authority', 'BC Art 29(2)(a)'),
      req('offences', 'offences', 'BC Art 29(2)(b)'),
      req('facts', 'free-text', 'BC Art 29(2)(b)', { personal: 'free-text' }),
      req('identifiers', 'identifier', 'BC Art 29(2)(c)', {
        multiple: true,
        personal: 'subscriber',
      }),
      req('data_categories', 'data-categories', 'BC Art 29(2)(c)'),
      req('relationship_to_offence', 'free-text', 'BC Art 29(2)(c)'),
      req('custodian', 'free-text', 'BC Art 29(2)(d)'),
      req('necessity', 'free-text', 'BC Art 29(2)(e)'),
      req('mla_follow_up_intended', 'boolean', 'BC Art 29(2)(f)'),
    ],
    deadlines: [
      {
        code: 'preservation',
        rule: 'BC Art 29(7)',
        verification: 'V',
        party: 'requester',
        period: { amount: 60, unit: 'days' },
        minimum: true,
        startOn: ['preserved'],
        stopOn: ['released', 'withdrawn'],
        holdOn: ['follow_up_received'],
        extend: { on: ['extended'], by: { amount: 60, unit: 'days' }, max: 1 },
        expireTo: 'expired',
        calendar: 'recipient',
      },
    ],
    refusalGrounds: ['political_offence', 'essential_interests', 'dual_criminality'],
  },
  approvedFront([...POC], [...POC], [...POC]),
  {
    states: [
      state('preserved'),
      state('extended'),
      state('follow_up_received'),
      state('risk_warned'),
      state('released', true),
      state('refused', true),
      state('expired', true),
    ],
    transitions: [
      t(['acknowledged', 'risk_warned'], 'preserved', 'recipient', [...POC], {
        outbox: true,
        article: 'BC Art 29(3)',
      }),
      t(['received', 'acknowledged'], 'risk_warned', 'recipient', [...POC], {
        outbox: true,
        requiresReason: true,
        article: 'BC Art 29(6)',
      }),
      t(['preserved'], 'extended', 'recipient', [...POC], {
        outbox: true,
        requiresReason: true,
        article: 'BC Art 29(7)',
      }),
      t(['preserved', 'extended'], 'follow_up_received', 'system', [], { article: 'BC Art 29(7)' }),
      t(['preserved', 'extended', 'follow_up_received'], 'released', 'recipient', [...POC], {
        outbox: true,
        article: 'BC Art 29(7)',
      }),
      t(['received', 'acknowledged'], 'refused', 'recipient', [...POC], {
        grounds: ['political_offence', 'essential_interests', 'dual_criminality'],
        requiresReason: true,
        outbox: true,
        article: 'BC Art 29(4), 29(5)',
      }),
      t(['preserved', 'extended'], 'expired', 'system', []),
    ],
  },
  only(
    withdraw(
      [
        'draft',
        'pending_approval',
        'approved',
        'sent',
        'received',
        'acknowledged',
        'risk_warned',
        'preserved',
        'extended',
      ],
      [...POC],
    ),
  ),
);
