import { approvedFront, assemble, only, opt, req, state, t, withdraw } from './common.js';
import { CANNOT_COMPLY_REASONS } from '../code-lists.js';

const ISSUERS = ['prosecutor', 'judge', 'investigator'] as const;

/**
 * E2 — European Preservation Order Certificate, EPOC-PR (EU Reg 2023/1543 Art 11, Annex II):
 * preserved 60 days, extended once by 30 days (Annex VI), open-ended once the issuer confirms
 * the follow-up request (Annex V); released when no longer needed.
 */
export default assemble(
  {
    code: 'E2',
    legalBasis: ['EU-EPresO'],
    title: 'European Preservation Order Certificate (EPOC-PR)',
    verification: 'V',
    senders: [...ISSUERS],
    receivers: ['provider'],
    recipientKind: 'provider',
    channels: ['eu_decentralised_it', 'provider_direct'],
    urgencies: ['normal', 'emergency'],
    fields: [
      req('issuing_authority', 'authority', 'EU Reg 2023/1543 Art 9(1), Annex II §A'),
      opt('validating_authority', 'authority', 'EU Reg 2023/1543 Art 4(3)(b)'),
      req('file_number', 'free-text', 'EU Reg 2023/1543 Annex II §A'),
      req('addressee_type', 'code', 'EU Reg 2023/1543 Art 7', { codeList: 'addressee_type' }),
      req('identifiers', 'identifier', 'EU Reg 2023/1543 Annex II', {
        multiple: true,
        personal: 'subscriber',
      }),
      req('data_categories', 'data-categories', 'EU Reg 2023/1543 Art 3, Annex II'),
      opt('time_range', 'time-range', 'EU Reg 2023/1543 Annex II'),
      req('offences', 'offences', 'EU Reg 2023/1543 Art 6(3)'),
      req('necessity_grounds', 'free-text', 'EU Reg 2023/1543 Art 6(2)'),
    ],
    deadlines: [
      {
        code: 'preservation',
        rule: 'EU Reg 2023/1543 Art 11(1)',
        verification: 'V',
        party: 'requester',
        period: { amount: 60, unit: 'days' },
        startOn: ['preserved'],
        stopOn: ['released', 'withdrawn'],
        holdOn: ['follow_up_confirmed'],
        extend: { on: ['extended'], by: { amount: 30, unit: 'days' }, max: 1 },
        expireTo: 'expired',
        calendar: 'recipient',
      },
    ],
    refusalGrounds: [],
  },
  approvedFront([...ISSUERS], ['judge', 'prosecutor'], ['provider']),
  {
    states: [
      state('preserved'),
      state('extended'),
      state('follow_up_confirmed'),
      state('cannot_comply', true),
      state('released', true),
      state('expired', true),
    ],
    transitions: [
      t(['received', 'acknowledged'], 'preserved', 'recipient', ['provider'], {
        outbox: true,
        article: 'EU Reg 2023/1543 Art 11(1)',
      }),
      t(['received', 'acknowledged'], 'cannot_comply', 'recipient', ['provider'], {
        outbox: true,
        grounds: [...CANNOT_COMPLY_REASONS],
        requiresReason: true,
        article: 'EU Reg 2023/1543 Art 11(4)-(5), Annex III',
      }),
      t(['preserved'], 'extended', 'requester', [...ISSUERS], {
        outbox: true,
        requiresReason: true,
        article: 'EU Reg 2023/1543 Art 11(1), Annex VI',
      }),
      t(['preserved', 'extended'], 'follow_up_confirmed', 'requester', [...ISSUERS], {
        outbox: true,
        article: 'EU Reg 2023/1543 Art 11(1), Annex V',
      }),
      t(['preserved', 'extended', 'follow_up_confirmed'], 'released', 'requester', [...ISSUERS], {
        outbox: true,
        article: 'EU Reg 2023/1543 Art 11(2)',
      }),
      t(['preserved', 'extended'], 'expired', 'system', []),
    ],
  },
  only(
    withdraw(
      ['draft', 'pending_approval', 'approved', 'sent', 'received', 'acknowledged'],
      [...ISSUERS],
    ),
  ),
);
