import {
  ALL_AUTHORITIES,
  assemble,
  directFront,
  only,
  opt,
  req,
  state,
  t,
  withdraw,
} from './common.js';

/**
 * R3 — confidentiality and use limitation set by the supplying Party when no treaty applies
 * (BC Art 28). The same fields can be carried on R1 and R2; as a type of its own it sets the
 * conditions on an existing request, and the other side accepts or says it cannot comply.
 */
export default assemble(
  {
    code: 'R3',
    legalBasis: ['BC-28'],
    title: 'Confidentiality and use limitation',
    verification: 'V',
    senders: ['central-authority', 'prosecutor', 'judge'],
    receivers: ['central-authority', 'prosecutor', 'judge'],
    recipientKind: 'authority',
    channels: ['central_authority'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('request_ref', 'reference', 'BC Art 28(2)', { referenceTypes: ['R1', 'R6', 'R8', 'R9'] }),
      req('confidentiality_required', 'boolean', 'BC Art 28(2)(a)'),
      req('use_limitations', 'free-text', 'BC Art 28(2)(b)', { multiple: true }),
      opt('use_report_requested', 'boolean', 'BC Art 28(4)'),
    ],
    refusalGrounds: [],
  },
  directFront(
    ['central-authority', 'prosecutor', 'judge'],
    ['central-authority', 'prosecutor', 'judge'],
  ),
  {
    states: [state('accepted'), state('cannot_comply', true), state('use_reported', true)],
    transitions: [
      t(['acknowledged'], 'accepted', 'recipient', ['central-authority', 'prosecutor', 'judge'], {
        outbox: true,
        article: 'BC Art 28(3)',
      }),
      t(
        ['acknowledged'],
        'cannot_comply',
        'recipient',
        ['central-authority', 'prosecutor', 'judge'],
        {
          outbox: true,
          requiresReason: true,
          article: 'BC Art 28(3)',
        },
      ),
      t(['accepted'], 'use_reported', 'recipient', ['central-authority', 'prosecutor', 'judge'], {
        outbox: true,
        requiresReason: true,
        article: 'BC Art 28(4)',
      }),
    ],
  },
  only(withdraw(['draft', 'sent'], ALL_AUTHORITIES)),
);
