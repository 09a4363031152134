import type { SightingsMessages } from './en.js';

/** Français : les observations (sightings) de la vue des corrélations. */
export const sightingsFr: SightingsMessages = {
  'sightings.title': 'Observations',
  'sightings.caption': 'Qui a vu l’indicateur, combien de fois et quand',
  'sightings.counts':
    'signalements : {count} ; vu pour la première fois {first} ; pour la dernière fois {last}',
  'sightings.unknown': 'inconnu',
};
