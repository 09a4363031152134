import { assemble, directFront, only, opt, req, state, t, withdraw } from './common.js';

const POC = ['contact-point'] as const;

/**
 * P9 — expedited disclosure of stored data in an emergency, 24/7 point of contact to point of
 * contact (SAP Art 9; [U]): "emergency" is a significant and imminent risk to the life or safety
 * of a natural person; the decision is made rapidly.
 */
export default assemble(
  {
    code: 'P9',
    legalBasis: ['SAP-9'],
    title: 'Expedited disclosure of stored data in an emergency',
    verification: 'U',
    senders: [...POC],
    receivers: [...POC],
    recipientKind: 'authority',
    channels: ['24_7'],
    urgencies: ['emergency'],
    fields: [
      req('requesting_authority', 'authority', 'SAP Art 9(3)(a)'),
      req('protocol_statement', 'boolean', 'SAP Art 9(3)(b)'),
      req('provider', 'authority', 'SAP Art 9(3)(c)'),
      req('offences', 'offences', 'SAP Art 9(3)(d)'),
      req('emergency_facts', 'free-text', 'SAP Art 9(3)(e)', { personal: 'free-text' }),
      req('identifiers', 'identifier', 'SAP Art 9(3)(f)', {
        multiple: true,
        personal: 'subscriber',
      }),
      req('data_categories', 'data-categories', 'SAP Art 9(3)(f)'),
      opt('special_instructions', 'free-text', 'SAP Art 9(3)(g)'),
    ],
    refusalGrounds: ['essential_interests', 'treaty_ground'],
  },
  directFront([...POC], [...POC]),
  {
    states: [state('executed', true), state('refused', true)],
    transitions: [
      t(['received', 'acknowledged'], 'executed', 'recipient', [...POC], {
        outbox: true,
        package: true,
        article: 'SAP Art 9(4)',
      }),
      t(['received', 'acknowledged'], 'refused', 'recipient', [...POC], {
        grounds: ['essential_interests', 'treaty_ground'],
        requiresReason: true,
        outbox: true,
        article: 'SAP Art 9(4)',
      }),
    ],
  },
  only(withdraw(['draft', 'sent', 'received', 'acknowledged'], [...POC])),
);
