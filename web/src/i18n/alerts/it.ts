import type { AlertsMessages } from './en.js';

/** Italiano: il cruscotto e gli allarmi di epidemia. */
export const alertsIt: AlertsMessages = {
  'nav.dashboard': 'Cruscotto',
  'dashboard.title': 'Cruscotto',
  'dashboard.intro':
    'Gli allarmi di epidemia che riguardano la vostra organizzazione o il vostro paese, aggiornati in diretta, e le segnalazioni in attesa nella vostra coda.',
  'dashboard.alerts': 'Allarmi di epidemia aperti',
  'dashboard.noAlerts': 'Nessun allarme di epidemia aperto vi riguarda.',
  'dashboard.live': 'Gli allarmi nuovi o modificati compaiono qui senza ricaricare la pagina.',
  'dashboard.announce': 'Allarme di epidemia: {value}',
  'dashboard.queue': 'La vostra coda',
  'dashboard.queueNew': 'Nuove segnalazioni inviate alla vostra organizzazione: {count}',
  'dashboard.queueLink': 'Apri la mia coda',
  'alerts.severity': 'Gravità: {severity}',
  'alerts.severity.medium': 'media',
  'alerts.severity.high': 'alta',
  'alerts.severity.critical': 'critica',
  'alerts.counts': '{reports} segnalazioni da {organisations} organizzazioni',
  'alerts.countries': 'Paesi: {countries}',
  'alerts.seen': 'Visto la prima volta {first}, l’ultima volta {last}',
  'alerts.trigger.NH_OUTBREAK_SPREAD':
    'Segnalato da {organisations} organizzazioni in {countries} paesi nell’intervallo',
  'alerts.trigger.NH_OUTBREAK_GROWTH':
    'Le segnalazioni sono raddoppiate: {recentReports} contro {previousReports}',
  'alerts.acknowledge': 'Conferma ricezione',
  'alerts.acknowledged': 'Ricezione confermata da {by} il {time}',
};
