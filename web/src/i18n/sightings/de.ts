import type { SightingsMessages } from './en.js';

/** Deutsch: Sichtungen in der Korrelationsansicht. */
export const sightingsDe: SightingsMessages = {
  'sightings.title': 'Sichtungen',
  'sightings.caption': 'Wer den Indikator gesehen hat, wie oft und wann',
  'sightings.where': 'Wo',
  'sightings.country': 'Land',
  'sightings.count': 'Meldungen',
  'sightings.firstSeen': 'Zuerst gesehen',
  'sightings.lastSeen': 'Zuletzt gesehen',
  'sightings.marking': 'Kennzeichnung',
  'sightings.unknown': 'unbekannt',
};
