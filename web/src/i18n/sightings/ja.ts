import type { SightingsMessages } from './en.js';

/** 日本語：相関ビューの目撃情報（サイティング）。 */
export const sightingsJa: SightingsMessages = {
  'sightings.title': '目撃情報',
  'sightings.caption': '誰がこの指標をいつ何回確認したか',
  'sightings.where': '場所',
  'sightings.country': '国',
  'sightings.count': '報告数',
  'sightings.firstSeen': '初回確認',
  'sightings.lastSeen': '最終確認',
  'sightings.marking': 'マーキング',
  'sightings.unknown': '不明',
};
