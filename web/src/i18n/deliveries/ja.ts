import type { deliveriesEn } from './en.js';

/** 日本語:「配信」ページ。 */
export const deliveriesJa: Record<keyof typeof deliveriesEn, string> = {
  'nav.deliveries': '配信',
  'deliveries.title': '配信',
  'deliveries.intro':
    'すべての試行の後も配信できなかった Webhook と電子メールの通知です。原因(宛先、受信側サーバー)を修正してから再試行してください。',
  'deliveries.adminsOnly': '配信は管理者のみが閲覧できます。',
  'deliveries.empty': '配信不能の通知はありません。すべての通知は配信済みか、配信を試行中です。',
  'deliveries.caption': '配信不能の通知',
  'deliveries.recipient': '宛先',
  'deliveries.channel': 'チャネル',
  'deliveries.about': '内容',
  'deliveries.attempts': '試行回数',
  'deliveries.error': '最後のエラー',
  'deliveries.when': '最後の試行',
  'deliveries.action': '操作',
  'deliveries.channel.webhook': 'Webhook',
  'deliveries.channel.email': '電子メール',
  'deliveries.kind.routed-item': '振り分けられた検出結果',
  'deliveries.kind.alert': '感染拡大アラート',
  'deliveries.retry': '再試行',
  'deliveries.retryLabel': '{address} への配信を再試行',
  'deliveries.retried': '{address} への配信を再びキューに入れました。',
};
