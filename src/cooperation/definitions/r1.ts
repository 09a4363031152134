import {
  ALL_AUTHORITIES,
  MLA_GROUNDS,
  approvedFront,
  assemble,
  confidentialityFields,
  mlaBody,
  mlaFields,
  only,
  opt,
  withdraw,
} from './common.js';

/** R1 — mutual assistance, default procedure (BC Arts 25, 27; reference §1.5). */
export default assemble(
  {
    code: 'R1',
    legalBasis: ['BC-27'],
    title: 'Mutual assistance request',
    verification: 'V',
    senders: ['central-authority', 'prosecutor', 'judge'],
    receivers: ['central-authority', 'prosecutor', 'judge'],
    recipientKind: 'authority',
    channels: ['central_authority', 'judicial_direct', 'interpol'],
    urgencies: ['normal', 'urgent'],
    followUp: {
      field: 'preservation_ref',
      on: 'received',
      from: ['preserved', 'extended'],
      parentTo: 'follow_up_received',
    },
    fields: [
      ...mlaFields('BC Art 27(2)'),
      opt('preservation_ref', 'reference', 'BC Art 29(2)(f)', { referenceTypes: ['R4'] }),
      ...confidentialityFields('BC Art 27(8), 28'),
    ],
    refusalGrounds: MLA_GROUNDS,
  },
  approvedFront(
    ['central-authority', 'prosecutor', 'judge'],
    ['prosecutor', 'judge'],
    ['central-authority', 'prosecutor', 'judge'],
  ),
  mlaBody(
    ['central-authority', 'prosecutor', 'judge'],
    ['central-authority', 'prosecutor', 'judge'],
    MLA_GROUNDS,
  ),
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
