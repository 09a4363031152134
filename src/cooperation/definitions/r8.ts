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

/** R8 — Real-time collection of traffic data (BC Art 33), under the requested Party's domestic conditions. */
export default assemble(
  {
    code: 'R8',
    legalBasis: ['BC-33'],
    title: 'Real-time collection of traffic data',
    verification: 'V',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority', 'judicial_direct'],
    urgencies: ['normal', 'urgent'],
    fields: [
      ...mlaFields('BC Art 33(1)'),
      req('identifiers', 'identifier', 'BC Art 33(1)', { multiple: true, personal: 'subscriber' }),
      req('time_range', 'time-range', 'BC Art 33(1)'),
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
