import { Type } from 'typebox';
import { ANSWER_WITHIN_RANGE } from './coverage.service.js';

const NullableNumber = (description: string) =>
  Type.Union([Type.Number(), Type.Null()], { description });

export const CoverageQuery = Type.Object({
  answer_within: Type.Optional(
    Type.Integer({
      minimum: ANSWER_WITHIN_RANGE.min,
      maximum: ANSWER_WITHIN_RANGE.max,
      description:
        'Seconds within which a country is expected to answer a routed finding (default 86400): ' +
        'findings routed at least that long ago with none answered in time make it unresponsive',
    }),
  ),
});

export const CountryCoverageSchema = Type.Object({
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  level: Type.Union(
    [
      Type.Literal('none'),
      Type.Literal('partial'),
      Type.Literal('covered'),
      Type.Literal('unresponsive'),
    ],
    {
      description:
        'unresponsive (findings due, none answered in time), covered (24/7 point of contact, ' +
        'CERT and abuse contact), partial (some of them), none',
    },
  ),
  points_of_contact: Type.Integer({ description: '24/7 points of contact of the country' }),
  certs: Type.Integer(),
  abuse_contacts: Type.Integer({ description: 'Abuse contacts naming the country' }),
  routed: Type.Integer({
    description: 'Findings routed to contacts of the country (one per finding and contact)',
  }),
  acknowledged: Type.Integer({ description: 'Of them, ever acknowledged' }),
  actioned: Type.Integer(),
  rejected: Type.Integer(),
  unanswered: Type.Integer({ description: 'Still new' }),
  median_acknowledge_seconds: NullableNumber('Median time from routing to acknowledgement'),
  oldest_unanswered_seconds: NullableNumber('Age of the oldest item still new'),
});

export const CoverageSchema = Type.Object({
  answer_within: Type.Integer(),
  countries: Type.Array(CountryCoverageSchema, { description: 'All 249 ISO 3166-1 countries' }),
  gaps: Type.Array(
    Type.Object({
      country: Type.String(),
      reasons: Type.Array(
        Type.Union([Type.Literal('no-answer'), Type.Literal('no-point-of-contact')]),
      ),
    }),
    { description: 'Unresponsive countries first, then by findings routed there' },
  ),
  without_country: Type.Object(
    { contacts: Type.Integer(), routed: Type.Integer() },
    { description: 'Contacts naming no country (and items routed to them), counted nowhere else' },
  ),
});
