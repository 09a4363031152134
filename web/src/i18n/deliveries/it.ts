import type { deliveriesEn } from './en.js';

/** Italiano: pagina «Consegne». */
export const deliveriesIt: Record<keyof typeof deliveriesEn, string> = {
  'nav.deliveries': 'Consegne',
  'deliveries.title': 'Consegne',
  'deliveries.intro':
    'Notifiche via webhook ed e-mail che non è stato possibile consegnare dopo tutti i tentativi. Correggete la causa (l’indirizzo, il server di destinazione), poi riprovate.',
  'deliveries.adminsOnly': 'Solo gli amministratori vedono le consegne.',
  'deliveries.empty':
    'Nessuna consegna fallita: ogni notifica è stata consegnata o è ancora in corso di invio.',
  'deliveries.caption': 'Consegne fallite',
  'deliveries.recipient': 'Destinatario',
  'deliveries.channel': 'Canale',
  'deliveries.about': 'Oggetto',
  'deliveries.attempts': 'Tentativi',
  'deliveries.error': 'Ultimo errore',
  'deliveries.when': 'Ultimo tentativo',
  'deliveries.action': 'Azione',
  'deliveries.channel.webhook': 'Webhook',
  'deliveries.channel.email': 'E-mail',
  'deliveries.kind.routed-item': 'Rilevamento inoltrato',
  'deliveries.kind.alert': 'Allerta di epidemia',
  'deliveries.retry': 'Riprova',
  'deliveries.retryLabel': 'Riprova la consegna a {address}',
  'deliveries.retried': 'La consegna a {address} è di nuovo in coda.',
};
