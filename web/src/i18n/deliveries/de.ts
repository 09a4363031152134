import type { deliveriesEn } from './en.js';

/** Deutsch: Seite „Zustellungen“. */
export const deliveriesDe: Record<keyof typeof deliveriesEn, string> = {
  'nav.deliveries': 'Zustellungen',
  'deliveries.title': 'Zustellungen',
  'deliveries.intro':
    'Webhook- und E-Mail-Benachrichtigungen, die nach allen Versuchen nicht zugestellt werden konnten. Beheben Sie die Ursache (die Adresse, den empfangenden Server) und versuchen Sie es erneut.',
  'deliveries.adminsOnly': 'Nur Administratoren sehen die Zustellungen.',
  'deliveries.empty':
    'Keine unzustellbaren Nachrichten: Jede Benachrichtigung wurde zugestellt oder wird noch versucht.',
  'deliveries.caption': 'Unzustellbare Nachrichten',
  'deliveries.recipient': 'Empfänger',
  'deliveries.channel': 'Kanal',
  'deliveries.about': 'Betreff',
  'deliveries.attempts': 'Versuche',
  'deliveries.error': 'Letzter Fehler',
  'deliveries.when': 'Letzter Versuch',
  'deliveries.action': 'Aktion',
  'deliveries.channel.webhook': 'Webhook',
  'deliveries.channel.email': 'E-Mail',
  'deliveries.kind.routed-item': 'Weitergeleiteter Befund',
  'deliveries.kind.alert': 'Ausbruchswarnung',
  'deliveries.retry': 'Erneut versuchen',
  'deliveries.retryLabel': 'Zustellung an {address} erneut versuchen',
  'deliveries.retried': 'Die Zustellung an {address} steht wieder in der Warteschlange.',
};
