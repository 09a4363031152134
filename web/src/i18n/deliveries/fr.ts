import type { deliveriesEn } from './en.js';

/** Français : page « Envois ». */
export const deliveriesFr: Record<keyof typeof deliveriesEn, string> = {
  'nav.deliveries': 'Envois',
  'deliveries.title': 'Envois',
  'deliveries.intro':
    'Notifications par webhook et par e-mail qui n’ont pas pu être remises malgré toutes les tentatives. Corrigez la cause (l’adresse, le serveur destinataire), puis réessayez.',
  'deliveries.adminsOnly': 'Seuls les administrateurs voient les envois.',
  'deliveries.empty':
    'Aucun envoi en échec : chaque notification a été remise ou est encore en cours d’envoi.',
  'deliveries.caption': 'Envois en échec',
  'deliveries.recipient': 'Destinataire',
  'deliveries.channel': 'Canal',
  'deliveries.about': 'Objet',
  'deliveries.attempts': 'Tentatives',
  'deliveries.error': 'Dernière erreur',
  'deliveries.when': 'Dernière tentative',
  'deliveries.action': 'Action',
  'deliveries.channel.webhook': 'Webhook',
  'deliveries.channel.email': 'E-mail',
  'deliveries.kind.routed-item': 'Constat transmis',
  'deliveries.kind.alert': 'Alerte d’épidémie',
  'deliveries.retry': 'Réessayer',
  'deliveries.retryLabel': 'Réessayer l’envoi à {address}',
  'deliveries.retried': 'L’envoi à {address} est de nouveau en file d’attente.',
};
