import {
  ALL_AUTHORITIES,
  MLA_GROUNDS,
  approvedFront,
  assemble,
  mlaBody,
  mlaFields,
  only,
  opt,
  req,
  withdraw,
} from './common.js';

const AUTH = ['central-authority', 'prosecutor', 'judge'] as const;

/**
 * R6 — access to stored computer data (search, seizure, disclosure; BC Art 31), often of data
 * preserved under an R4 (`preservation_ref`): its receipt holds that preservation.
 */
export default assemble(
  {
    code: 'R6',
    legalBasis: ['BC-31'],
    title: 'Mutual assistance regarding accessing of stored computer data',
    verification: 'V',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority', 'judicial_direct'],
    urgencies: ['normal', 'urgent'],
    followUp: {
      field: 'preservation_ref',
      on: 'received',
      from: ['preserved', 'extended'],
      parentTo: 'follow_up_received',
    },
    fields: [
      ...mlaFields('BC Art 31(2)'),
      opt('preservation_ref', 'reference', 'BC Art 31(1)', { referenceTypes: ['R4'] }),
      req('identifiers', 'identifier', 'BC Art 31(1)', { multiple: true, personal: 'subscriber' }),
      req('data_categories', 'data-categories', 'BC Art 31(1)'),
      opt('time_range', 'time-range', 'BC Art 31(1)'),
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
      ALL_AUTHORITIES,
    ),
  ),
);
