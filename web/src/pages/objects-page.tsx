import { useEffect, useState } from 'react';
import { api, withQuery } from '../api/client.js';
import type { ObjectPage } from '../api/types.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { DistributionLabel } from '../components/distribution-label.js';
import { TlpBadge } from '../components/tlp-badge.js';
import { displayName, typeLabel } from '../display.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { FILTER_PARAMS, ObjectFilters } from './object-filters.js';

const PAGE_SIZE = '50';

/** The object browser: filters, one page of results, and "next page" by cursor. */
export function ObjectsPage({ search }: { search: URLSearchParams }) {
  const { t, formatDateTime } = useI18n();
  const { node } = useSession();
  usePageTitle(t('objects.title'), node?.name);
  const filters = Object.fromEntries(
    FILTER_PARAMS.map((p) => [p, search.getAll(p)] as const).filter(([, v]) => v.length > 0),
  );
  const cursor = search.get('cursor') ?? undefined;
  const query = { ...filters, cursor, limit: PAGE_SIZE };
  const [page, reload] = useAsync(
    () => api<ObjectPage>('GET', withQuery('/objects', query)),
    search.toString(),
  );
  const [arrived, seen] = useNewObjects(search.getAll('type'), search.toString());

  return (
    <>
      <h1 tabIndex={-1}>{t('objects.title')}</h1>
      <ObjectFilters key={search.toString()} search={search} />
      <section aria-labelledby="results-title">
        <h2 id="results-title">{t('objects.results')}</h2>
        <div role="status" aria-live="polite" className="live">
          {arrived > 0 && (
            <p className="notice notice-info">
              {t('objects.liveNew', { count: arrived })}{' '}
              <button
                type="button"
                className="button"
                onClick={() => {
                  seen();
                  reload();
                }}
              >
                {t('objects.liveShow')}
              </button>
            </p>
          )}
        </div>
        {page.status === 'loading' && <Loading />}
        {page.status === 'error' && <ErrorMessage error={page.error} retry={reload} />}
        {page.status === 'done' &&
          (page.value.items.length === 0 ? (
            <p>{t('objects.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('objects.colType')}</th>
                    <th scope="col">{t('objects.colName')}</th>
                    <th scope="col">{t('objects.colTlp')}</th>
                    <th scope="col">{t('objects.colDistribution')}</th>
                    <th scope="col">{t('objects.colModified')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.value.items.map(({ object, tlp, distribution }) => {
                    const modified = typeof object.modified === 'string' ? object.modified : null;
                    return (
                      <tr key={`${object.id}/${modified ?? ''}`}>
                        <td>{typeLabel(t, object.type)}</td>
                        <td className="long">
                          <Link to={`/objects/${encodeURIComponent(object.id)}`}>
                            {displayName(object)}
                          </Link>
                        </td>
                        <td>
                          <TlpBadge level={tlp} />
                        </td>
                        <td>
                          <DistributionLabel distribution={distribution} />
                        </td>
                        <td>
                          {modified && <time dateTime={modified}>{formatDateTime(modified)}</time>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
        {page.status === 'done' && (cursor || page.value.next_cursor) && (
          <nav className="pager" aria-label={t('objects.results')}>
            {cursor && (
              <Link to={withQuery('/objects', filters)} className="button">
                {t('objects.first')}
              </Link>
            )}
            {page.value.next_cursor && (
              <Link
                to={withQuery('/objects', { ...filters, cursor: page.value.next_cursor })}
                className="button"
              >
                {t('objects.next')}
              </Link>
            )}
          </nav>
        )}
      </section>
    </>
  );
}

/**
 * Counts the objects of `types` (all when empty) that the live stream (`GET /api/v1/stream`,
 * Server-Sent Events) delivers while the page is open; `key` restarts the count. The browser's
 * EventSource reconnects by itself with `Last-Event-ID` (after an `overflow` too).
 */
function useNewObjects(types: readonly string[], key: string): [number, () => void] {
  const [count, setCount] = useState(0);
  const typeList = types.join(',');
  useEffect(() => {
    setCount(0);
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(
      withQuery('/api/v1/stream', { types: typeList === '' ? undefined : typeList }),
    );
    source.addEventListener('object', () => setCount((n) => n + 1));
    return () => source.close();
  }, [key, typeList]);
  return [count, () => setCount(0)];
}
