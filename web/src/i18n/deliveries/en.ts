/** English strings of the "Deliveries" page (dead letters of webhooks and e-mail, issue 5). */
export const deliveriesEn = {
  'nav.deliveries': 'Deliveries',
  'deliveries.title': 'Deliveries',
  'deliveries.intro':
    'Webhook and e-mail notifications that could not be delivered after every attempt. Correct the cause (the address, the receiving server), then retry.',
  'deliveries.adminsOnly': 'Only administrators see the deliveries.',
  'deliveries.empty': 'No dead letters: every notification was delivered or is still being tried.',
  'deliveries.caption': 'Dead letters',
  'deliveries.recipient': 'Recipient',
  'deliveries.channel': 'Channel',
  'deliveries.about': 'About',
  'deliveries.attempts': 'Attempts',
  'deliveries.error': 'Last error',
  'deliveries.when': 'Last attempt',
  'deliveries.action': 'Action',
  'deliveries.channel.webhook': 'Webhook',
  'deliveries.channel.email': 'E-mail',
  'deliveries.kind.routed-item': 'Routed finding',
  'deliveries.kind.alert': 'Outbreak alert',
  'deliveries.retry': 'Retry',
  'deliveries.retryLabel': 'Retry the delivery to {address}',
  'deliveries.retried': 'The delivery to {address} is queued again.',
} as const;
