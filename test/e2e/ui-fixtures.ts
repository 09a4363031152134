import { randomUUID } from 'node:crypto';
import { TLP_IDS, identity, indicator, malware, relationship } from '../support/stix-fixtures.js';

/**
 * The small world the UI tests browse: an abuse desk (identity), a malware family, an
 * indicator marked TLP:AMBER in two versions, the relationship between them, and enough
 * filler indicators for a second page.
 */
export function uiFixtures() {
  const desk = identity({ name: 'Example ISP abuse desk' });
  const bot = malware({
    name: 'Testbot',
    created_by_ref: desk.id,
    object_marking_refs: [TLP_IDS.green],
  });
  const firstVersion = indicator({
    name: 'Testbot C2 (first report)',
    created_by_ref: desk.id,
    object_marking_refs: [TLP_IDS.amber],
  });
  const secondVersion = {
    ...firstVersion,
    name: 'Testbot C2 server',
    modified: '2026-02-01T09:30:00.000Z',
  };
  const link = relationship(secondVersion, bot);
  const filler = Array.from({ length: 52 }, (_, i) =>
    indicator({
      id: `indicator--${randomUUID()}`,
      name: `Phishing URL ${String(i + 1).padStart(2, '0')}`,
      pattern: `[url:value = 'http://phish-${i}.example/login']`,
      object_marking_refs: [TLP_IDS.clear],
    }),
  );
  return {
    desk,
    bot,
    firstVersion,
    secondVersion,
    link,
    objects: [desk, bot, firstVersion, secondVersion, link, ...filler],
  };
}
