import type { AlertsMessages } from './en.js';

/** 日本語：ダッシュボードと感染拡大アラート。 */
export const alertsJa: AlertsMessages = {
  'nav.dashboard': 'ダッシュボード',
  'dashboard.title': 'ダッシュボード',
  'dashboard.intro':
    'あなたの組織または国に関係する感染拡大アラート（リアルタイムで更新）と、キューで対応を待っている検出事項です。',
  'dashboard.alerts': '未解決の感染拡大アラート',
  'dashboard.noAlerts': 'あなたに関係する未解決の感染拡大アラートはありません。',
  'dashboard.live':
    '新しいアラートや変更されたアラートは、ページを再読み込みしなくてもここに表示されます。',
  'dashboard.announce': '感染拡大アラート：{value}',
  'dashboard.queue': 'あなたのキュー',
  'dashboard.queueNew': 'あなたの組織に割り当てられた新しい検出事項：{count}',
  'dashboard.queueLink': '自分のキューを開く',
  'alerts.severity': '重大度：{severity}',
  'alerts.severity.medium': '中',
  'alerts.severity.high': '高',
  'alerts.severity.critical': '緊急',
  'alerts.counts': '{organisations} 組織から {reports} 件の報告',
  'alerts.countries': '国：{countries}',
  'alerts.seen': '初回確認 {first}、最終確認 {last}',
  'alerts.trigger.NH_OUTBREAK_SPREAD': '期間内に {countries} か国の {organisations} 組織が報告',
  'alerts.trigger.NH_OUTBREAK_GROWTH': '報告が倍増：{previousReports} 件から {recentReports} 件',
  'alerts.acknowledge': '確認済みにする',
  'alerts.acknowledged': '{by} が {time} に確認',
};
