import {
  ALL_AUTHORITIES,
  MLA_GROUNDS,
  approvedFront,
  assemble,
  mlaBody,
  mlaFields,
  only,
  req,
  withdraw,
} from './common.js';

const AUTH = ['central-authority', 'prosecutor', 'judge'] as const;

/** R9 — Interception of content data (BC Art 34), under the requested Party's domestic conditions. */
export default assemble(
  {
    code: 'R9',
    legalBasis: ['BC-34'],
    title: 'Interception of content data',
    verification: 'V',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority', 'judicial_direct'],
    urgencies: ['normal', 'urgent'],
    fields: [
      ...mlaFields('BC Art 34(1)'),
      req('identifiers', 'identifier', 'BC Art 34(1)', { multiple: true, personal: 'subscriber' }),
      req('time_range', 'time-range', 'BC Art 34(1)'),
    ],
    refusalGrounds: MLA_GROUNDS,
  },
  approvedFront([...AUTH], ['judge'], [...AUTH]),
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
      ALL_AUTHORITIES,
    ),
  ),
);
