import { approvedFront, assemble, only, opt, req, state, t, withdraw } from './common.js';

const AUTH = ['central-authority', 'prosecutor', 'judge'] as const;
const GROUNDS = [
  'political_offence',
  'essential_interests',
  'dual_criminality',
  'treaty_ground',
  'ne_bis_in_idem',
  'fundamental_rights',
];

/**
 * R10 — extradition (BC Art 24): Arts 2–11 offences punishable by at least one year in both
 * Parties. A refusal on nationality obliges the requested Party to prosecute at home on request
 * and report the outcome (24(6)).
 */
export default assemble(
  {
    code: 'R10',
    legalBasis: ['BC-24'],
    title: 'Extradition request',
    verification: 'V',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('requesting_authority', 'authority', 'BC Art 24(7)'),
      req('person_identity', 'free-text', 'BC Art 24(1)', { personal: 'identity' }),
      req('offences', 'offences', 'BC Art 24(1)(a)'),
      req('facts', 'free-text', 'BC Art 24(1)', { personal: 'free-text' }),
      req('max_penalty_months', 'integer', 'BC Art 24(1)(a)', { minimum: 12 }),
      req('warrant_reference', 'free-text', 'BC Art 24(5)'),
      opt('treaty_reference', 'free-text', 'BC Art 24(3)'),
      opt('provisional_arrest_requested', 'boolean', 'BC Art 24(7)(b)'),
    ],
    refusalGrounds: [...GROUNDS, 'nationality'],
  },
  approvedFront([...AUTH], ['prosecutor', 'judge'], [...AUTH]),
  {
    states: [
      state('under_review'),
      state('granted'),
      state('surrendered', true),
      state('refused', true),
      state('domestic_prosecution'),
      state('prosecution_result_reported', true),
    ],
    transitions: [
      // The requesting State follows the review of its extradition request.
      t(['acknowledged'], 'under_review', 'recipient', [...AUTH], { outbox: true }),
      t(['under_review'], 'granted', 'recipient', ['judge', 'central-authority'], {
        outbox: true,
        fourEyes: true,
        article: 'BC Art 24(5)',
      }),
      t(['granted'], 'surrendered', 'recipient', [...AUTH], { outbox: true }),
      t(['received', 'acknowledged', 'under_review'], 'refused', 'recipient', [...AUTH], {
        grounds: GROUNDS,
        requiresReason: true,
        outbox: true,
        article: 'BC Art 24(5)',
      }),
      t(['under_review'], 'domestic_prosecution', 'recipient', [...AUTH], {
        grounds: ['nationality'],
        requiresReason: true,
        outbox: true,
        article: 'BC Art 24(6)',
      }),
      t(['domestic_prosecution'], 'prosecution_result_reported', 'recipient', [...AUTH], {
        requiresReason: true,
        outbox: true,
        article: 'BC Art 24(6)',
      }),
    ],
  },
  only(
    withdraw(
      ['draft', 'pending_approval', 'approved', 'sent', 'received', 'acknowledged', 'under_review'],
      [...AUTH],
    ),
  ),
);
