/** The closed vocabularies of a feed definition (formats, converters, TLP levels). */
export const FEED_FORMATS = ['csv', 'tsv', 'json', 'lines'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_CONVERTERS = [
  'ip',
  'cidr',
  'url',
  'fqdn',
  'int',
  'asn',
  'timestamp',
  'lower',
] as const;
/** The fixed set of value converters a field may name. */
export type FeedConverter = (typeof FEED_CONVERTERS)[number];

/** TLP 2.0 levels, plus `WHITE` (TLP 1.0) as IntelMQ's harmonization `tlp` type still uses it. */
export const TLP_LEVELS = ['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];
