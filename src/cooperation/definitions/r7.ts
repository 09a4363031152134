import { assemble, opt, req, state, t } from './common.js';

/**
 * R7 — trans-border access to stored data without a request (BC Art 32). Not a request: a
 * record that the access took place, on publicly available data or with the lawful and
 * voluntary consent of the person lawfully able to disclose (then the consent is evidenced).
 */
export default assemble(
  {
    code: 'R7',
    legalBasis: ['BC-32'],
    title: 'Trans-border access record (no request)',
    verification: 'V',
    senders: ['investigator', 'contact-point', 'prosecutor'],
    receivers: [],
    recipientKind: 'none',
    channels: ['local_record'],
    urgencies: ['normal'],
    fields: [
      req('basis', 'code', 'BC Art 32', { codeList: 'unilateral_basis' }),
      req('consent_evidence', 'free-text', 'BC Art 32(b)', {
        requiredWhen: { field: 'basis', equals: 'consent' },
        personal: 'free-text',
      }),
      req('accessed_at', 'date-time', 'BC Art 32'),
      req('data_description', 'free-text', 'BC Art 32'),
      opt('identifiers', 'identifier', 'BC Art 32', { multiple: true, personal: 'subscriber' }),
      opt('offences', 'offences', 'BC Art 32'),
    ],
    refusalGrounds: [],
  },
  {
    states: [state('draft'), state('recorded', true), state('withdrawn', true)],
    transitions: [
      t(['draft'], 'recorded', 'requester', ['investigator', 'contact-point', 'prosecutor'], {
        requiresComplete: true,
      }),
      t(['draft'], 'withdrawn', 'requester', ['investigator', 'contact-point', 'prosecutor'], {
        requiresReason: true,
      }),
    ],
  },
);
