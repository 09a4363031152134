import type { SightingsMessages } from './en.js';

/** Deutsch: Sichtungen in der Korrelationsansicht. */
export const sightingsDe: SightingsMessages = {
  'sightings.title': 'Sichtungen',
  'sightings.caption': 'Wer den Indikator gesehen hat, wie oft und wann',
  'sightings.counts': 'Meldungen: {count}; zuerst gesehen {first}; zuletzt gesehen {last}',
  'sightings.unknown': 'unbekannt',
};
