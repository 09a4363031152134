import {
  ALL_AUTHORITIES,
  approvedFront,
  assemble,
  confidentialityFields,
  only,
  opt,
  req,
  state,
  t,
  withdraw,
} from './common.js';

/** R2 — spontaneous information, with use conditions (BC Art 26). */
export default assemble(
  {
    code: 'R2',
    legalBasis: ['BC-26'],
    title: 'Spontaneous information',
    verification: 'V',
    senders: ALL_AUTHORITIES,
    receivers: ALL_AUTHORITIES,
    recipientKind: 'authority',
    channels: ['24_7', 'central_authority'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('providing_authority', 'authority', 'BC Art 26(1)'),
      req('information', 'free-text', 'BC Art 26(1)'),
      opt('offences', 'offences', 'BC Art 26(1)'),
      opt('identifiers', 'identifier', 'BC Art 26(1)', { multiple: true, personal: 'subscriber' }),
      opt('use_conditions', 'free-text', 'BC Art 26(2)'),
      ...confidentialityFields('BC Art 26(2), 28'),
    ],
    refusalGrounds: [],
  },
  approvedFront(ALL_AUTHORITIES, ['contact-point', 'prosecutor', 'judge'], ALL_AUTHORITIES),
  {
    states: [
      state('conditions_accepted'),
      state('conditions_declined', true),
      state('closed', true),
    ],
    transitions: [
      t(['acknowledged'], 'conditions_accepted', 'recipient', ALL_AUTHORITIES, {
        outbox: true,
        article: 'BC Art 26(2)',
      }),
      t(['acknowledged'], 'conditions_declined', 'recipient', ALL_AUTHORITIES, {
        outbox: true,
        requiresReason: true,
        article: 'BC Art 26(2)',
      }),
      t(['conditions_accepted'], 'closed', 'recipient', ALL_AUTHORITIES),
    ],
  },
  only(withdraw(['draft', 'pending_approval', 'approved', 'sent'], ALL_AUTHORITIES)),
);
