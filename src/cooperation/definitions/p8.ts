import {
  MLA_GROUNDS,
  approvedFront,
  assemble,
  mlaBody,
  only,
  opt,
  req,
  withdraw,
} from './common.js';

const AUTH = ['central-authority', 'prosecutor', 'judge'] as const;

/**
 * P8 — giving effect to a foreign order for subscriber information or traffic data (SAP Art 8;
 * [U]): the requested Party serves the order on its provider within 45 days of a complete
 * request; the provider returns subscriber information within 20 days (traffic data 45).
 */
export default assemble(
  {
    code: 'P8',
    legalBasis: ['SAP-8'],
    title: 'Giving effect to an order for subscriber information or traffic data',
    verification: 'U',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('requesting_authority', 'authority', 'SAP Art 8(3)'),
      req('order_reference', 'free-text', 'SAP Art 8(3)(a)'),
      req('provider', 'authority', 'SAP Art 8(3)(b)'),
      req('offences', 'offences', 'SAP Art 8(3)(c)'),
      req('identifiers', 'identifier', 'SAP Art 8(3)(d)', {
        multiple: true,
        personal: 'subscriber',
      }),
      req('data_categories', 'data-categories', 'SAP Art 8(3)(d)'),
      req('facts', 'free-text', 'SAP Art 8(4)(b)', { personal: 'free-text' }),
      req('why_provider_holds_data', 'free-text', 'SAP Art 8(4)(a)'),
      opt('prior_preservation_ref', 'reference', 'SAP Art 8(4)(e)', { referenceTypes: ['R4'] }),
    ],
    deadlines: [
      {
        code: 'service',
        rule: 'SAP Art 8(6)',
        verification: 'U',
        party: 'recipient',
        period: { amount: 45, unit: 'days' },
        startOn: ['acknowledged'],
        stopOn: ['executing', 'refused', 'postponed', 'withdrawn'],
        calendar: 'recipient',
      },
      {
        code: 'return',
        rule: 'SAP Art 8(6)',
        verification: 'U',
        party: 'recipient',
        period: { amount: 20, unit: 'days' },
        startOn: ['executing'],
        stopOn: ['executed', 'partially_executed', 'refused', 'postponed', 'withdrawn'],
        calendar: 'recipient',
      },
    ],
    refusalGrounds: MLA_GROUNDS,
  },
  approvedFront([...AUTH], ['prosecutor', 'judge'], [...AUTH]),
  mlaBody([...AUTH], [...AUTH], MLA_GROUNDS),
  only(
    withdraw(
      [
        'draft',
        'pending_approval',
        'approved',
        'sent',
        'received',
        'acknowledged',
        'under_review',
        'conditions_proposed',
        'executing',
        'postponed',
      ],
      [...AUTH],
    ),
  ),
);
