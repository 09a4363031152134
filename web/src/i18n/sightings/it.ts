import type { SightingsMessages } from './en.js';

/** Italiano: gli avvistamenti nella vista delle correlazioni. */
export const sightingsIt: SightingsMessages = {
  'sightings.title': 'Avvistamenti',
  'sightings.caption': 'Chi ha visto l’indicatore, quante volte e quando',
  'sightings.where': 'Dove',
  'sightings.country': 'Paese',
  'sightings.count': 'Segnalazioni',
  'sightings.firstSeen': 'Visto per la prima volta',
  'sightings.lastSeen': 'Visto per l’ultima volta',
  'sightings.marking': 'Marcatura',
  'sightings.unknown': 'sconosciuto',
};
