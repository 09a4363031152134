import type { SightingsMessages } from './en.js';

/** 日本語：相関ビューの目撃情報（サイティング）。 */
export const sightingsJa: SightingsMessages = {
  'sightings.title': '目撃情報',
  'sightings.caption': '誰がこの指標をいつ何回確認したか',
  'sightings.counts': '報告数：{count}、初回確認 {first}、最終確認 {last}',
  'sightings.unknown': '不明',
};
