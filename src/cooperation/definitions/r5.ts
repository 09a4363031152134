import { assemble, directFront, only, req, state, t, withdraw } from './common.js';

const POC = ['contact-point', 'central-authority'] as const;

/**
 * R5 — expedited disclosure of preserved traffic data (BC Art 30): created as a child of the R4
 * being executed, by its requested side, and sent back to the R4's requester, naming the
 * next-hop provider and the path. Withheld only on the Art 29(5) grounds (then not sent).
 */
export default assemble(
  {
    code: 'R5',
    legalBasis: ['BC-30'],
    title: 'Expedited disclosure of preserved traffic data',
    verification: 'V',
    senders: [...POC],
    receivers: [...POC],
    recipientKind: 'authority',
    channels: ['24_7', 'central_authority'],
    urgencies: ['normal', 'urgent', 'emergency'],
    parentType: 'R4',
    fields: [
      req('preservation_ref', 'reference', 'BC Art 30(1)', { referenceTypes: ['R4'] }),
      req('next_hop_provider', 'authority', 'BC Art 30(1)'),
      req('path_traffic_data', 'identifier', 'BC Art 30(1)', {
        multiple: true,
        personal: 'traffic',
      }),
    ],
    refusalGrounds: [],
  },
  directFront([...POC], [...POC]),
  {
    states: [state('closed', true)],
    transitions: [t(['acknowledged'], 'closed', 'recipient', [...POC])],
  },
  only(withdraw(['draft'], [...POC])),
);
