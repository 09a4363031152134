import type { AlertsMessages } from './en.js';

/** Русский: панель мониторинга и оповещения о вспышках. */
export const alertsRu: AlertsMessages = {
  'nav.dashboard': 'Панель',
  'dashboard.title': 'Панель мониторинга',
  'dashboard.intro':
    'Оповещения о вспышках, касающиеся вашей организации или вашей страны, обновляются в реальном времени; здесь же находки, ожидающие в вашей очереди.',
  'dashboard.alerts': 'Открытые оповещения о вспышках',
  'dashboard.noAlerts': 'Открытых оповещений о вспышках, касающихся вас, нет.',
  'dashboard.live': 'Новые и изменённые оповещения появляются здесь без перезагрузки страницы.',
  'dashboard.announce': 'Оповещение о вспышке: {value}',
  'dashboard.queue': 'Ваша очередь',
  'dashboard.queueNew': 'Новые находки, направленные вашей организации: {count}',
  'dashboard.queueLink': 'Открыть мою очередь',
  'alerts.severity': 'Серьёзность: {severity}',
  'alerts.severity.medium': 'средняя',
  'alerts.severity.high': 'высокая',
  'alerts.severity.critical': 'критическая',
  'alerts.counts': '{reports} сообщений от {organisations} организаций',
  'alerts.countries': 'Страны: {countries}',
  'alerts.seen': 'Впервые замечено {first}, последний раз {last}',
  'alerts.trigger.NH_OUTBREAK_SPREAD':
    'Сообщили {organisations} организаций из {countries} стран в пределах окна',
  'alerts.trigger.NH_OUTBREAK_GROWTH':
    'Число сообщений удвоилось: {recentReports} против {previousReports}',
  'alerts.acknowledge': 'Подтвердить получение',
  'alerts.acknowledged': 'Получение подтвердил {by}, {time}',
};
