import { api, ApiError, withQuery } from '../api/client.js';
import type { StoredObject, VersionInfo } from '../api/types.js';
import { usePageTitle } from '../components/page-title.js';
import { PropertyList } from '../components/property-list.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { AudiencePanel } from '../components/audience-panel.js';
import { CorrelationPanel } from '../components/correlation-panel.js';
import { DistributionLabel } from '../components/distribution-label.js';
import { TlpBadge } from '../components/tlp-badge.js';
import { displayName, typeLabel } from '../display.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { VersionList } from './version-list.js';

interface Detail {
  readonly stored: StoredObject;
  readonly versions: readonly VersionInfo[];
}

const objectPath = (id: string) => `/objects/${encodeURIComponent(id)}`;

/** One version of one object: every property, its markings and its version history. */
export function ObjectDetailPage({ id, version }: { id: string; version: string | null }) {
  const { t, formatDateTime } = useI18n();
  const { node, user } = useSession();
  const [detail, reload] = useAsync<Detail>(
    async () => {
      const [stored, history] = await Promise.all([
        api<StoredObject>('GET', withQuery(objectPath(id), { version: version ?? undefined })),
        api<{ versions: VersionInfo[] }>('GET', `${objectPath(id)}/versions`),
      ]);
      return { stored, versions: history.versions };
    },
    `${id}@${version ?? ''}`,
  );
  const title = detail.status === 'done' ? displayName(detail.value.stored.object) : id;
  usePageTitle(title, node?.name);

  if (detail.status === 'loading') {
    return (
      <>
        <h1 tabIndex={-1} className="long">
          {id}
        </h1>
        <Loading />
      </>
    );
  }
  if (detail.status === 'error') {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <h1 tabIndex={-1} className="long">
          {id}
        </h1>
        {notFound ? (
          <p className="notice notice-error" role="alert">
            {t('detail.notFound')}
          </p>
        ) : (
          <ErrorMessage error={detail.error} retry={reload} />
        )}
        {notFound && user.role === 'admin' && (
          <p>
            <Link to="/break-glass">{t('detail.breakGlass')}</Link>
          </p>
        )}
        <p>
          <Link to="/objects">{t('detail.back')}</Link>
        </p>
      </>
    );
  }

  const { stored, versions } = detail.value;
  const { object } = stored;
  const modified = typeof object.modified === 'string' ? object.modified : null;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/objects">{t('detail.back')}</Link>
      </p>
      <h1 tabIndex={-1} className="long">
        {title}
      </h1>
      <p className="subtitle">
        <span className="type-label">{typeLabel(t, object.type)}</span>
        <TlpBadge level={stored.tlp} />
        <DistributionLabel distribution={stored.distribution} />
      </p>
      {!stored.latest && modified && (
        <div className="notice notice-info" role="status">
          <p>{t('detail.older', { date: formatDateTime(modified) })}</p>
          <Link to={objectPath(object.id)}>{t('detail.viewLatest')}</Link>
        </div>
      )}
      <div className="detail-grid">
        <section aria-labelledby="props-title" className="card">
          <h2 id="props-title">{t('detail.properties')}</h2>
          <dl className="props">
            <div className="prop">
              <dt>{t('detail.dateAdded')}</dt>
              <dd>
                <time dateTime={stored.date_added}>{formatDateTime(stored.date_added)}</time>
              </dd>
            </div>
            <div className="prop">
              <dt>{t('detail.distribution')}</dt>
              <dd>
                <DistributionLabel distribution={stored.distribution} />
              </dd>
            </div>
          </dl>
          <PropertyList object={object} />
        </section>
        <VersionList id={object.id} versions={versions} shown={modified} />
        <AudiencePanel id={object.id} />
        {stored.latest && <CorrelationPanel id={object.id} />}
      </div>
    </>
  );
}
