import type { VersionInfo } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

/** The versions of an object, newest first, each a link; the one on screen is marked. */
export function VersionList({
  id,
  versions,
  shown,
}: {
  id: string;
  versions: readonly VersionInfo[];
  shown: string | null;
}) {
  const { t, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="versions-title" className="card versions">
      <h2 id="versions-title">{t('detail.versions')}</h2>
      {versions.length === 0 ? (
        <p>{t('detail.noVersions')}</p>
      ) : (
        <ol className="version-list">
          {versions.map((v) => {
            const current = v.modified === shown;
            const to = v.latest
              ? `/objects/${encodeURIComponent(id)}`
              : `/objects/${encodeURIComponent(id)}?version=${encodeURIComponent(v.modified)}`;
            return (
              <li key={v.modified}>
                <Link to={to} aria-current={current ? 'page' : undefined}>
                  <time dateTime={v.modified}>{formatDateTime(v.modified)}</time>
                </Link>
                {v.latest && <span className="tag">{t('detail.latest')}</span>}
                {v.revoked && <span className="tag tag-warn">{t('detail.revoked')}</span>}
                {current && <span className="tag tag-current">{t('detail.shown')}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
