import { usePageTitle } from '../components/page-title.js';
import { Loading } from '../components/status.js';
import { displayCountry } from '../country.js';
import { typeLabel } from '../display.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';

/** The node at a glance: who runs it, where, and what it holds. */
export function HomePage() {
  const { t, lang, formatNumber } = useI18n();
  const { node } = useSession();
  usePageTitle(t('home.title'), node?.name);
  const types = node ? Object.entries(node.counts.byType).sort((a, b) => b[1] - a[1]) : [];
  return (
    <>
      <h1 tabIndex={-1}>{t('home.title')}</h1>
      {!node ? (
        <Loading />
      ) : (
        <>
          <dl className="summary">
            <div className="card">
              <dt>{t('home.node')}</dt>
              <dd>{node.name}</dd>
            </div>
            <div className="card">
              <dt>{t('home.organization')}</dt>
              <dd>{node.organization.name}</dd>
            </div>
            <div className="card">
              <dt>{t('home.country')}</dt>
              <dd>{node.country ? displayCountry(node.country, lang) : t('home.countryUnset')}</dd>
            </div>
            <div className="card">
              <dt>{t('home.total')}</dt>
              <dd data-testid="total">{formatNumber(node.counts.total)}</dd>
            </div>
          </dl>
          <h2>{t('home.byType')}</h2>
          {types.length === 0 ? (
            <p>{t('home.empty')}</p>
          ) : (
            <table className="table table-narrow">
              <thead>
                <tr>
                  <th scope="col">{t('home.type')}</th>
                  <th scope="col" className="num">
                    {t('home.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {types.map(([type, count]) => (
                  <tr key={type}>
                    <th scope="row">
                      <Link to={`/objects?type=${encodeURIComponent(type)}`}>
                        {typeLabel(t, type)}
                      </Link>
                    </th>
                    <td className="num">{formatNumber(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <Link to="/objects" className="button">
              {t('home.browse')}
            </Link>
          </p>
        </>
      )}
    </>
  );
}
