import { approvedFront, assemble, only, opt, req, state, t, withdraw } from './common.js';

const SENDERS = ['investigator', 'prosecutor', 'contact-point'] as const;

/**
 * P6 — request for domain name registration information, sent directly to a registrar or
 * registry in another Party (SAP Art 6; fields per reference §2, [S]/[U]).
 */
export default assemble(
  {
    code: 'P6',
    legalBasis: ['SAP-6'],
    title: 'Request for domain name registration information',
    verification: 'U',
    senders: [...SENDERS],
    receivers: ['provider'],
    recipientKind: 'provider',
    channels: ['provider_direct'],
    urgencies: ['normal', 'urgent'],
    fields: [
      req('issuing_authority', 'authority', 'SAP Art 6(3)(a)'),
      req('domain', 'identifier', 'SAP Art 6(3)(b)', { identifierKinds: ['domain'] }),
      req('data_elements', 'free-text', 'SAP Art 6(3)(c)'),
      req('protocol_statement', 'boolean', 'SAP Art 6(3)(d)'),
      opt('time_frame', 'date-time', 'SAP Art 6(3)(e)'),
      opt('special_instructions', 'free-text', 'SAP Art 6(3)(f)'),
    ],
    refusalGrounds: [],
  },
  approvedFront([...SENDERS], ['prosecutor', 'contact-point'], ['provider']),
  {
    states: [state('disclosed', true), state('declined', true)],
    transitions: [
      t(['received', 'acknowledged'], 'disclosed', 'recipient', ['provider'], {
        outbox: true,
        package: true,
        article: 'SAP Art 6(1)',
      }),
      t(['received', 'acknowledged'], 'declined', 'recipient', ['provider'], {
        outbox: true,
        requiresReason: true,
        article: 'SAP Art 6(5)',
      }),
    ],
  },
  only(
    withdraw(
      ['draft', 'pending_approval', 'approved', 'sent', 'received', 'acknowledged'],
      [...SENDERS],
    ),
  ),
);
