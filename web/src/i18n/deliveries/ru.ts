import type { deliveriesEn } from './en.js';

/** Русский: страница «Доставка». */
export const deliveriesRu: Record<keyof typeof deliveriesEn, string> = {
  'nav.deliveries': 'Доставка',
  'deliveries.title': 'Доставка',
  'deliveries.intro':
    'Уведомления по вебхуку и электронной почте, которые не удалось доставить после всех попыток. Устраните причину (адрес, принимающий сервер) и повторите.',
  'deliveries.adminsOnly': 'Доставку видят только администраторы.',
  'deliveries.empty': 'Недоставленных уведомлений нет: все доставлены или ещё доставляются.',
  'deliveries.caption': 'Недоставленные уведомления',
  'deliveries.recipient': 'Получатель',
  'deliveries.channel': 'Канал',
  'deliveries.about': 'О чём',
  'deliveries.attempts': 'Попытки',
  'deliveries.error': 'Последняя ошибка',
  'deliveries.when': 'Последняя попытка',
  'deliveries.action': 'Действие',
  'deliveries.channel.webhook': 'Вебхук',
  'deliveries.channel.email': 'Эл. почта',
  'deliveries.kind.routed-item': 'Направленная находка',
  'deliveries.kind.alert': 'Предупреждение о вспышке',
  'deliveries.retry': 'Повторить',
  'deliveries.retryLabel': 'Повторить доставку на {address}',
  'deliveries.retried': 'Доставка на {address} снова поставлена в очередь.',
};
