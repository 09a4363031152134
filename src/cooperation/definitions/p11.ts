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

/** P11 — testimony of a witness or expert by video conference (SAP Art 11; [U]). */
export default assemble(
  {
    code: 'P11',
    legalBasis: ['SAP-11'],
    title: 'Video conferencing',
    verification: 'U',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('requesting_authority', 'authority', 'SAP Art 11(1)'),
      req('offences', 'offences', 'SAP Art 11(1)'),
      req('person_to_hear', 'free-text', 'SAP Art 11(1)', { personal: 'identity' }),
      req('proposed_dates', 'time-range', 'SAP Art 11(2)'),
      opt('costs_arrangement', 'free-text', 'SAP Art 11(6)'),
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
