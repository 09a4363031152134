import { api } from '../api/client.js';
import type { TlpLevel } from '../api/types.js';
import { typeLabel } from '../display.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { Link } from '../router.js';
import { displayCountry } from '../country.js';
import { useAsync } from '../use-async.js';
import { ErrorMessage, Loading } from './status.js';
import { TlpBadge } from './tlp-badge.js';

interface Correlations {
  readonly keys: readonly {
    readonly kind: string;
    readonly value: string;
    readonly status: 'indexed' | 'common' | 'warninglisted';
    readonly warninglists: readonly string[];
  }[];
  readonly related: readonly {
    readonly id: string;
    readonly type: string;
    readonly name: string | null;
    readonly tlp: TlpLevel | null;
    readonly relation: string;
    readonly via: string;
    readonly match: string;
  }[];
  readonly truncated: boolean;
  readonly aggregate: { readonly organizations: number; readonly countries: number };
  readonly sightings: readonly Sighting[];
}

interface Sighting {
  readonly id: string;
  readonly count: number;
  readonly first_seen: string | null;
  readonly last_seen: string | null;
  readonly tlp: TlpLevel | null;
  readonly organization: { readonly id: string; readonly name: string | null } | null;
  readonly country: string | null;
}

/**
 * What an object correlates with, among what the reader may read, and how many other
 * organisations reported its values (counts only, as far as they allow), and the STIX
 * sightings of the indicator (or of the indicators matching the object) the reader may read.
 */
export function CorrelationPanel({ id }: { id: string }) {
  const { t, formatNumber } = useI18n();
  const [state, reload] = useAsync(
    () => api<Correlations>('GET', `/objects/${encodeURIComponent(id)}/correlations`),
    id,
  );
  return (
    <section aria-labelledby="correlation-title" className="card correlation">
      <h2 id="correlation-title">{t('correlation.title')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={reload} />}
      {state.status === 'done' &&
        (state.value.keys.length === 0 ? (
          <p>{t('correlation.noValues')}</p>
        ) : (
          <>
            <h3>{t('correlation.values')}</h3>
            <ul className="correlation-keys">
              {state.value.keys.map((k) => (
                <li key={`${k.kind}:${k.value}`}>
                  <code>{k.value}</code>
                  {k.status === 'common' && <> — {t('correlation.common')}</>}
                  {k.status === 'warninglisted' && (
                    <> — {t('correlation.warninglisted', { lists: k.warninglists.join(', ') })}</>
                  )}
                </li>
              ))}
            </ul>
            <h3>{t('correlation.related')}</h3>
            {state.value.related.length === 0 ? (
              <p>{t('correlation.none')}</p>
            ) : (
              <ul className="correlation-related">
                {state.value.related.map((r) => (
                  <li key={r.id}>
                    <Link to={`/objects/${encodeURIComponent(r.id)}`}>
                      {r.name ?? (r.relation === 'refers' ? typeLabel(t, r.type) : r.match)}
                    </Link>{' '}
                    <TlpBadge level={r.tlp} />{' '}
                    <span className="relation">
                      {t(`correlation.rel.${r.relation}` as MessageKey)}
                      {r.relation !== 'refers' && <> ({t('correlation.via', { value: r.via })})</>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {state.value.truncated && <p className="hint">{t('correlation.truncated')}</p>}
            {state.value.aggregate.organizations > 0 && (
              <p className="aggregate">
                {t('correlation.aggregate', {
                  organizations: formatNumber(state.value.aggregate.organizations),
                  countries: formatNumber(state.value.aggregate.countries),
                })}
              </p>
            )}
          </>
        ))}
      {state.status === 'done' && <Sightings sightings={state.value.sightings} />}
    </section>
  );
}

/** Who sighted the indicator, where, how often, first and last seen. */
function Sightings({ sightings }: { sightings: readonly Sighting[] }) {
  const { t, lang, formatNumber, formatDateTime } = useI18n();
  const when = (iso: string | null) =>
    iso === null ? t('sightings.unknown') : formatDateTime(iso);
  if (sightings.length === 0) return null;
  return (
    <>
      <h3>{t('sightings.title')}</h3>
      <ul className="correlation-related sightings" aria-label={t('sightings.caption')}>
        {sightings.map((s) => (
          <li key={s.id}>
            <Link to={`/objects/${encodeURIComponent(s.id)}`}>
              {s.organization?.name ?? s.organization?.id ?? t('sightings.unknown')}
            </Link>{' '}
            <TlpBadge level={s.tlp} />
            <br />
            {s.country ? displayCountry(s.country, lang) : t('sightings.unknown')}
            <br />
            {t('sightings.counts', {
              count: formatNumber(s.count),
              first: when(s.first_seen),
              last: when(s.last_seen),
            })}
          </li>
        ))}
      </ul>
    </>
  );
}
