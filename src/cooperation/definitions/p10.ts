import {
  MLA_GROUNDS,
  approvedFront,
  assemble,
  mlaBody,
  mlaFields,
  only,
  req,
  withdraw,
} from './common.js';

const AUTH = ['central-authority', 'prosecutor', 'judge', 'contact-point'] as const;

/**
 * P10 — emergency mutual assistance (SAP Art 10; [S]): an MLA request marked emergency, with the
 * facts showing the emergency, accepted electronically and handled rapidly.
 */
export default assemble(
  {
    code: 'P10',
    legalBasis: ['SAP-10'],
    title: 'Emergency mutual assistance',
    verification: 'S',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority', 'judicial_direct', '24_7', 'interpol'],
    urgencies: ['emergency'],
    fields: [
      ...mlaFields('SAP Art 10(2)'),
      req('emergency_facts', 'free-text', 'SAP Art 10(2)', { personal: 'free-text' }),
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
