import type { AlertsMessages } from './en.js';

/** Français : le tableau de bord et les alertes d’épidémie. */
export const alertsFr: AlertsMessages = {
  'nav.dashboard': 'Tableau de bord',
  'dashboard.title': 'Tableau de bord',
  'dashboard.intro':
    'Les alertes d’épidémie qui concernent votre organisation ou votre pays, mises à jour en direct, et les constats qui attendent dans votre file.',
  'dashboard.alerts': 'Alertes d’épidémie ouvertes',
  'dashboard.noAlerts': 'Aucune alerte d’épidémie ouverte ne vous concerne.',
  'dashboard.live': 'Les alertes nouvelles ou modifiées apparaissent ici sans recharger la page.',
  'dashboard.announce': 'Alerte d’épidémie : {value}',
  'dashboard.queue': 'Votre file',
  'dashboard.queueNew': 'Nouveaux constats adressés à votre organisation : {count}',
  'dashboard.queueLink': 'Ouvrir ma file',
  'alerts.severity': 'Gravité : {severity}',
  'alerts.severity.medium': 'moyenne',
  'alerts.severity.high': 'élevée',
  'alerts.severity.critical': 'critique',
  'alerts.counts': '{reports} signalements de {organisations} organisations',
  'alerts.countries': 'Pays : {countries}',
  'alerts.seen': 'Vu pour la première fois {first}, pour la dernière fois {last}',
  'alerts.trigger.NH_OUTBREAK_SPREAD':
    'Signalé par {organisations} organisations dans {countries} pays pendant la période',
  'alerts.trigger.NH_OUTBREAK_GROWTH':
    'Les signalements ont doublé : {recentReports} contre {previousReports}',
  'alerts.acknowledge': 'Accuser réception',
  'alerts.acknowledged': 'Réception accusée par {by} le {time}',
};
