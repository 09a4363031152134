import type { SightingsMessages } from './en.js';

/** Français : les observations (sightings) de la vue des corrélations. */
export const sightingsFr: SightingsMessages = {
  'sightings.title': 'Observations',
  'sightings.caption': 'Qui a vu l’indicateur, combien de fois et quand',
  'sightings.where': 'Où',
  'sightings.country': 'Pays',
  'sightings.count': 'Signalements',
  'sightings.firstSeen': 'Vu pour la première fois',
  'sightings.lastSeen': 'Vu pour la dernière fois',
  'sightings.marking': 'Marquage',
  'sightings.unknown': 'inconnu',
};
