import type { SightingsMessages } from './en.js';

/** Русский: наблюдения (sightings) в представлении корреляций. */
export const sightingsRu: SightingsMessages = {
  'sightings.title': 'Наблюдения',
  'sightings.caption': 'Кто видел индикатор, сколько раз и когда',
  'sightings.counts': 'сообщений: {count}; впервые замечено {first}; последний раз {last}',
  'sightings.unknown': 'неизвестно',
};
