import type { AlertsMessages } from './en.js';

/** Deutsch: das Dashboard und die Ausbruchswarnungen. */
export const alertsDe: AlertsMessages = {
  'nav.dashboard': 'Lagebild',
  'dashboard.title': 'Lagebild',
  'dashboard.intro':
    'Ausbruchswarnungen, die Ihre Organisation oder Ihr Land betreffen, live aktualisiert, und die Befunde, die in Ihrer Warteschlange warten.',
  'dashboard.alerts': 'Offene Ausbruchswarnungen',
  'dashboard.noAlerts': 'Keine offene Ausbruchswarnung betrifft Sie.',
  'dashboard.live': 'Neue oder geänderte Warnungen erscheinen hier, ohne die Seite neu zu laden.',
  'dashboard.announce': 'Ausbruchswarnung: {value}',
  'dashboard.queue': 'Ihre Warteschlange',
  'dashboard.queueNew': 'Neue Befunde für Ihre Organisation: {count}',
  'dashboard.queueLink': 'Meine Warteschlange öffnen',
  'alerts.severity': 'Schweregrad: {severity}',
  'alerts.severity.medium': 'mittel',
  'alerts.severity.high': 'hoch',
  'alerts.severity.critical': 'kritisch',
  'alerts.counts': '{reports} Meldungen von {organisations} Organisationen',
  'alerts.countries': 'Länder: {countries}',
  'alerts.seen': 'Zuerst gesehen {first}, zuletzt gesehen {last}',
  'alerts.trigger.NH_OUTBREAK_SPREAD':
    'Von {organisations} Organisationen in {countries} Ländern innerhalb des Zeitfensters gemeldet',
  'alerts.trigger.NH_OUTBREAK_GROWTH':
    'Meldungen verdoppelt: {recentReports} gegenüber {previousReports}',
  'alerts.acknowledge': 'Bestätigen',
  'alerts.acknowledged': 'Bestätigt von {by} am {time}',
};
