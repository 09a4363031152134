import { useCallback, useId, useState } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { displayCountry } from '../country.js';
import { CoverageMap, CoveragePatterns, LEVEL_LABEL, Swatch } from '../coverage/coverage-map.js';
import { LEVELS, sortCountries, type Coverage, type SortKey } from '../coverage/coverage.js';
import { formatDuration } from '../coverage/duration.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import '../styles/coverage.css';

const HELP: Record<(typeof LEVELS)[number], MessageKey> = {
  none: 'coverage.help.none',
  partial: 'coverage.help.partial',
  covered: 'coverage.help.covered',
  unresponsive: 'coverage.help.unresponsive',
};

const COLUMNS: readonly { key: keyof Coverage['countries'][number]; label: MessageKey }[] = [
  { key: 'points_of_contact', label: 'coverage.col.poc' },
  { key: 'certs', label: 'coverage.col.certs' },
  { key: 'abuse_contacts', label: 'coverage.col.abuse' },
  { key: 'routed', label: 'coverage.col.routed' },
  { key: 'acknowledged', label: 'coverage.col.acknowledged' },
  { key: 'actioned', label: 'coverage.col.actioned' },
  { key: 'rejected', label: 'coverage.col.rejected' },
  { key: 'unanswered', label: 'coverage.col.unanswered' },
];

/**
 * "Coverage" (issue 5, item 5): a world map coloured by each country's coverage, a legend that
 * names every level with its pattern, the table of every country (the accessible equivalent
 * of the map) and the gaps.
 */
export function CoveragePage() {
  const { t, lang, formatNumber } = useI18n();
  const { node } = useSession();
  usePageTitle(t('coverage.title'), node?.name);
  const id = useId();
  const [state, reload] = useAsync(() => api<Coverage>('GET', '/coverage'), 'coverage');
  // d3-geo, topojson-client and the map data load on demand, in their own chunks.
  const [world] = useAsync(
    () => import('../coverage/world-map.js').then((m) => m.loadWorldShapes()),
    'world',
  );
  const [sort, setSort] = useState<SortKey>('gaps');
  const nameOf = useCallback((code: string) => displayCountry(code, lang), [lang]);
  const duration = (s: number | null) => (s === null ? '—' : formatDuration(s, lang));

  if (state.status !== 'done') {
    return (
      <>
        <h1 tabIndex={-1}>{t('coverage.title')}</h1>
        {state.status === 'loading' ? (
          <Loading />
        ) : (
          <ErrorMessage error={state.error} retry={reload} />
        )}
      </>
    );
  }
  const c = state.value;
  const within = formatDuration(c.answer_within, lang);
  const unanswered = c.gaps.filter((g) => g.reasons.includes('no-answer'));
  const noPoc = c.gaps.filter((g) => g.reasons.includes('no-point-of-contact'));
  return (
    <>
      <h1 tabIndex={-1}>{t('coverage.title')}</h1>
      <p>{t('coverage.intro')}</p>
      <CoveragePatterns />
      <div className="coverage-layout">
        <div className="coverage-figure">
          {world.status === 'loading' && <p role="status">{t('coverage.mapLoading')}</p>}
          {world.status === 'error' && <p className="notice">{t('coverage.mapError')}</p>}
          {world.status === 'done' && (
            <CoverageMap world={world.value} countries={c.countries} nameOf={nameOf} />
          )}
          <h2 id={`${id}-legend`}>{t('coverage.legend')}</h2>
          <ul className="coverage-legend" aria-labelledby={`${id}-legend`}>
            {LEVELS.map((level) => (
              <li key={level}>
                <Swatch level={level} /> <strong>{t(LEVEL_LABEL[level])}</strong>:{' '}
                {t(HELP[level], { window: within })}
              </li>
            ))}
            <li>
              <Swatch level="unknown" /> <strong>{t('coverage.level.unknown')}</strong>
            </li>
          </ul>
        </div>
        <section className="coverage-gaps" aria-labelledby={`${id}-gaps`}>
          <h2 id={`${id}-gaps`}>{t('coverage.gaps')}</h2>
          {c.gaps.length === 0 && <p>{t('coverage.gaps.none')}</p>}
          {unanswered.length > 0 && (
            <ul>
              {unanswered.map((g) => (
                <li key={g.country}>
                  {t('coverage.gaps.noAnswer', { country: nameOf(g.country), window: within })}
                </li>
              ))}
            </ul>
          )}
          {noPoc.length > 0 && (
            <details>
              <summary>{t('coverage.gaps.noPoc', { count: formatNumber(noPoc.length) })}</summary>
              <ul className="coverage-gap-list">
                {noPoc.map((g) => (
                  <li key={g.country}>{nameOf(g.country)}</li>
                ))}
              </ul>
            </details>
          )}
          {c.without_country.contacts > 0 && (
            <p>
              {t('coverage.withoutCountry', {
                contacts: formatNumber(c.without_country.contacts),
                routed: formatNumber(c.without_country.routed),
              })}
            </p>
          )}
        </section>
      </div>
      <h2 id={`${id}-table`}>{t('coverage.table')}</h2>
      <div className="field">
        <label htmlFor={`${id}-sort`}>{t('coverage.sort')}</label>
        <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
          <option value="gaps">{t('coverage.sort.gaps')}</option>
          <option value="name">{t('coverage.sort.name')}</option>
          <option value="routed">{t('coverage.sort.routed')}</option>
        </select>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
        <table className="table coverage-table" aria-labelledby={`${id}-table`}>
          <thead>
            <tr>
              <th scope="col">{t('coverage.col.country')}</th>
              <th scope="col">{t('coverage.col.level')}</th>
              {COLUMNS.map((col) => (
                <th scope="col" className="num" key={col.key}>
                  {t(col.label)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('coverage.col.median')}
              </th>
              <th scope="col" className="num">
                {t('coverage.col.oldest')}
              </th>
            </tr>
          </thead>
          <tbody>
            {sortCountries(c.countries, sort, nameOf).map((row) => (
              <tr key={row.country} data-country={row.country}>
                <th scope="row">{nameOf(row.country)}</th>
                <td>
                  <Swatch level={row.level} /> {t(LEVEL_LABEL[row.level])}
                </td>
                {COLUMNS.map((col) => (
                  <td className="num" key={col.key}>
                    {formatNumber(row[col.key] as number)}
                  </td>
                ))}
                <td className="num">{duration(row.median_acknowledge_seconds)}</td>
                <td className="num">{duration(row.oldest_unanswered_seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
