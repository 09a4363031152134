/**
 * English strings of the sightings section of the correlation view (issue 5, item 2), spread
 * into the English dictionary.
 */
export const sightingsEn = {
  'sightings.title': 'Sightings',
  'sightings.caption': 'Who saw the indicator, how often and when',
  'sightings.counts': 'reports: {count}; first seen {first}; last seen {last}',
  'sightings.unknown': 'unknown',
};

export type SightingsMessages = Readonly<Record<keyof typeof sightingsEn, string>>;
