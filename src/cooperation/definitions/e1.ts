import { approvedFront, assemble, only, opt, req, state, t, withdraw } from './common.js';
import { CANNOT_COMPLY_REASONS } from '../code-lists.js';

const ISSUERS = ['prosecutor', 'judge', 'investigator'] as const;
const ART12 = ['immunity_privilege', 'fundamental_rights', 'ne_bis_in_idem', 'dual_criminality'];

/**
 * E1 — European Production Order Certificate, EPOC (EU Reg 2023/1543 Arts 4–5, 8–10, Annex I),
 * sent to a provider's designated establishment or legal representative. Data within 10 days of
 * receipt, 8 hours in an emergency (Art 10(2)–(4)); where the enforcing State is notified
 * (Art 8), its authority may object within 10 days, 96 hours in an emergency (Art 12(1)).
 * Unjustified non-compliance: the enforcing authority recognises within 5 working days (Art 16).
 */
export default assemble(
  {
    code: 'E1',
    legalBasis: ['EU-EPO'],
    title: 'European Production Order Certificate (EPOC)',
    verification: 'V',
    senders: [...ISSUERS],
    receivers: ['provider'],
    recipientKind: 'provider',
    channels: ['eu_decentralised_it', 'provider_direct'],
    urgencies: ['normal', 'emergency'],
    fields: [
      req('issuing_authority', 'authority', 'EU Reg 2023/1543 Art 9(1), Annex I §A'),
      opt('validating_authority', 'authority', 'EU Reg 2023/1543 Art 4(1)(b), 4(2)(b)'),
      req('file_number', 'free-text', 'EU Reg 2023/1543 Annex I §A'),
      req('addressee_type', 'code', 'EU Reg 2023/1543 Art 7', { codeList: 'addressee_type' }),
      req('identifiers', 'identifier', 'EU Reg 2023/1543 Annex I', {
        multiple: true,
        personal: 'subscriber',
      }),
      req('data_categories', 'data-categories', 'EU Reg 2023/1543 Art 3, Annex I'),
      opt('time_range', 'time-range', 'EU Reg 2023/1543 Annex I'),
      req('offences', 'offences', 'EU Reg 2023/1543 Art 5(3)–(4)'),
      opt('max_penalty_months', 'integer', 'EU Reg 2023/1543 Art 5(4)', { minimum: 1 }),
      req('necessity_grounds', 'free-text', 'EU Reg 2023/1543 Art 5(2)'),
      req('emergency_reasons', 'free-text', 'EU Reg 2023/1543 Art 10(4)', {
        requiredWhen: { field: 'urgency', equals: 'emergency' },
      }),
      req('enforcing_state_notified', 'boolean', 'EU Reg 2023/1543 Art 8'),
      opt('prior_preservation_ref', 'reference', 'EU Reg 2023/1543 Annex I', {
        referenceTypes: ['E2'],
      }),
      opt('user_notice_deferred_reason', 'free-text', 'EU Reg 2023/1543 Art 13(3)'),
    ],
    deadlines: [
      {
        code: 'production',
        rule: 'EU Reg 2023/1543 Art 10(2)-(4)',
        verification: 'V',
        party: 'recipient',
        period: { amount: 10, unit: 'days' },
        byUrgency: { emergency: { amount: 8, unit: 'hours' } },
        startOn: ['received'],
        stopOn: ['produced', 'cannot_comply', 'refused', 'objection_art17', 'withdrawn'],
        calendar: 'recipient',
      },
      {
        code: 'enforcing-review',
        rule: 'EU Reg 2023/1543 Art 12(1)',
        verification: 'V',
        party: 'requester',
        period: { amount: 10, unit: 'days' },
        byUrgency: { emergency: { amount: 96, unit: 'hours' } },
        when: { field: 'enforcing_state_notified', equals: true },
        startOn: ['received'],
        stopOn: ['refused', 'withdrawn', 'closed'],
        calendar: 'recipient',
      },
      {
        code: 'recognition',
        rule: 'EU Reg 2023/1543 Art 16(2)',
        verification: 'V',
        party: 'requester',
        period: { amount: 5, unit: 'working-days' },
        startOn: ['enforcement_requested'],
        stopOn: ['recognised', 'withdrawn'],
        calendar: 'recipient',
      },
    ],
    refusalGrounds: ART12,
  },
  // Art 4(1)–(2): a prosecutor issues or validates an order for subscriber or identification
  // data; an order for traffic or content data needs a judge (court, investigating judge).
  approvedFront([...ISSUERS], ['judge', 'prosecutor'], ['provider'], {
    rolesWhen: [
      {
        field: 'data_categories',
        includesAny: ['traffic_data', 'content_data'],
        roles: ['judge'],
        article: 'EU Reg 2023/1543 Art 4(2)',
      },
    ],
  }),
  {
    states: [
      state('preserved'),
      state('produced'),
      state('cannot_comply'),
      state('objection_art17'),
      state('refused', true),
      state('enforcement_requested'),
      state('recognised', true),
      state('closed', true),
    ],
    transitions: [
      t(['received', 'acknowledged'], 'preserved', 'recipient', ['provider'], {
        outbox: true,
        article: 'EU Reg 2023/1543 Art 10(1)',
      }),
      t(['received', 'acknowledged', 'preserved'], 'produced', 'recipient', ['provider'], {
        outbox: true,
        package: true,
        article: 'EU Reg 2023/1543 Art 10(2)-(4)',
      }),
      t(['received', 'acknowledged', 'preserved'], 'cannot_comply', 'recipient', ['provider'], {
        outbox: true,
        grounds: [...CANNOT_COMPLY_REASONS],
        requiresReason: true,
        article: 'EU Reg 2023/1543 Art 10(5)-(6), Annex III',
      }),
      t(['received', 'acknowledged', 'preserved'], 'objection_art17', 'recipient', ['provider'], {
        outbox: true,
        requiresReason: true,
        article: 'EU Reg 2023/1543 Art 17(1)',
        withinDaysOfReceipt: { days: 10, article: 'EU Reg 2023/1543 Art 17(2)' },
      }),
      t(['received', 'acknowledged', 'preserved'], 'refused', 'recipient', ['provider'], {
        outbox: true,
        grounds: ART12,
        requiresReason: true,
        article: 'EU Reg 2023/1543 Art 12(1)',
      }),
      t(
        ['received', 'acknowledged', 'preserved', 'cannot_comply'],
        'enforcement_requested',
        'requester',
        ['prosecutor', 'judge'],
        {
          requiresReason: true,
          article: 'EU Reg 2023/1543 Art 16(1)',
        },
      ),
      t(['enforcement_requested'], 'recognised', 'requester', ['prosecutor', 'judge'], {
        article: 'EU Reg 2023/1543 Art 16(2)',
      }),
      t(['produced', 'cannot_comply', 'objection_art17'], 'closed', 'requester', [...ISSUERS]),
    ],
  },
  only(
    withdraw(
      [
        'draft',
        'pending_approval',
        'approved',
        'sent',
        'received',
        'acknowledged',
        'preserved',
        'cannot_comply',
        'objection_art17',
      ],
      [...ISSUERS],
    ),
  ),
);
