import type { SightingsMessages } from './en.js';

/** Русский: наблюдения (sightings) в представлении корреляций. */
export const sightingsRu: SightingsMessages = {
  'sightings.title': 'Наблюдения',
  'sightings.caption': 'Кто видел индикатор, сколько раз и когда',
  'sightings.where': 'Где',
  'sightings.country': 'Страна',
  'sightings.count': 'Сообщения',
  'sightings.firstSeen': 'Впервые замечено',
  'sightings.lastSeen': 'Последний раз замечено',
  'sightings.marking': 'Маркировка',
  'sightings.unknown': 'неизвестно',
};
