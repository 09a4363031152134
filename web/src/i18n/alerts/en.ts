/**
 * English strings of the dashboard and its live outbreak alerts (issue 5, items 3 and 7),
 * spread into the English dictionary. Triggers are `alerts.trigger.<code>`, the API's codes.
 */
export const alertsEn = {
  'nav.dashboard': 'Dashboard',
  'dashboard.title': 'Dashboard',
  'dashboard.intro':
    'Outbreak alerts that concern your organisation or your country, updated live, and the findings waiting in your queue.',
  'dashboard.alerts': 'Open outbreak alerts',
  'dashboard.noAlerts': 'No open outbreak alert concerns you.',
  'dashboard.live': 'New or changed alerts appear here without reloading the page.',
  'dashboard.announce': 'Outbreak alert: {value}',
  'dashboard.queue': 'Your queue',
  'dashboard.queueNew': 'New findings routed to your organisation: {count}',
  'dashboard.queueLink': 'Open my queue',
  'alerts.severity': 'Severity: {severity}',
  'alerts.severity.medium': 'medium',
  'alerts.severity.high': 'high',
  'alerts.severity.critical': 'critical',
  'alerts.counts': '{reports} reports from {organisations} organisations',
  'alerts.countries': 'Countries: {countries}',
  'alerts.seen': 'First seen {first}, last seen {last}',
  'alerts.trigger.NH_OUTBREAK_SPREAD':
    'Reported by {organisations} organisations in {countries} countries within the window',
  'alerts.trigger.NH_OUTBREAK_GROWTH': 'Reports doubled: {recentReports} against {previousReports}',
  'alerts.acknowledge': 'Acknowledge',
  'alerts.acknowledged': 'Acknowledged by {by} at {time}',
} as const satisfies Record<string, string>;

export type AlertsMessages = Readonly<Record<keyof typeof alertsEn, string>>;
