import type { SightingsMessages } from './en.js';

/** Italiano: gli avvistamenti nella vista delle correlazioni. */
export const sightingsIt: SightingsMessages = {
  'sightings.title': 'Avvistamenti',
  'sightings.caption': 'Chi ha visto l’indicatore, quante volte e quando',
  'sightings.counts':
    'segnalazioni: {count}; visto per la prima volta {first}; per l’ultima volta {last}',
  'sightings.unknown': 'sconosciuto',
};
