import { approvedFront, assemble, only, req, opt, state, t, withdraw } from './common.js';

const AUTH = ['central-authority', 'prosecutor', 'judge'] as const;

/**
 * P12 — joint investigation team by agreement (SAP Art 12; [U]): purpose, members, duration,
 * location, evidence handling and use, confidentiality.
 */
export default assemble(
  {
    code: 'P12',
    legalBasis: ['SAP-12'],
    title: 'Joint investigation team',
    verification: 'U',
    senders: [...AUTH],
    receivers: [...AUTH],
    recipientKind: 'authority',
    channels: ['central_authority'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('requesting_authority', 'authority', 'SAP Art 12(1)'),
      req('purpose', 'free-text', 'SAP Art 12(2)'),
      req('members', 'authority', 'SAP Art 12(2)', { multiple: true }),
      req('duration', 'time-range', 'SAP Art 12(2)'),
      req('location', 'free-text', 'SAP Art 12(2)', { personal: 'contact' }),
      req('evidence_handling', 'free-text', 'SAP Art 12(2)'),
      req('offences', 'offences', 'SAP Art 12(1)'),
      opt('confidentiality_required', 'boolean', 'SAP Art 12(2)'),
    ],
    refusalGrounds: [],
  },
  approvedFront([...AUTH], ['prosecutor', 'judge'], [...AUTH]),
  {
    states: [state('agreed'), state('declined', true), state('closed', true)],
    transitions: [
      t(['acknowledged'], 'agreed', 'recipient', ['prosecutor', 'judge', 'central-authority'], {
        outbox: true,
        fourEyes: true,
        article: 'SAP Art 12(1)',
      }),
      t(['received', 'acknowledged'], 'declined', 'recipient', [...AUTH], {
        outbox: true,
        requiresReason: true,
      }),
      t(['agreed'], 'closed', 'requester', [...AUTH], { outbox: true }),
    ],
  },
  only(
    withdraw(
      ['draft', 'pending_approval', 'approved', 'sent', 'received', 'acknowledged'],
      [...AUTH],
    ),
  ),
);
