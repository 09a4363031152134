import { useId, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { PURPOSE_CODES } from '../privacy/sealed-field.js';
import type { AuditEntry } from './oversight-api.js';
import { OversightNav } from './oversight-nav.js';

/** Why an opening of personal data happened: its purpose code (the free text stays sealed). */
function purposeOf(e: AuditEntry, t: (key: 'privacy.purpose.investigation') => string): string {
  const code = e.details?.purpose;
  return typeof code === 'string' && (PURPOSE_CODES as readonly string[]).includes(code)
    ? t(`privacy.purpose.${code}` as 'privacy.purpose.investigation')
    : '';
}

interface Filters {
  readonly action: string;
  readonly actor: string;
  readonly from: string;
  readonly to: string;
  readonly breakGlass: boolean;
}

const EMPTY: Filters = { action: '', actor: '', from: '', to: '', breakGlass: false };
/** A date field (YYYY-MM-DD) as the start of that day, UTC. */
const day = (d: string) => (d ? `${d}T00:00:00Z` : undefined);

/** The audit for oversight: filters, entries newest last, a link to the signed export. */
export function AuditPage() {
  const { t, formatDateTime } = useI18n();
  const { node } = useSession();
  const id = useId();
  usePageTitle(t('oversight.audit.title'), node?.name);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [afterSeq, setAfterSeq] = useState(0);
  const query = {
    action: filters.action || undefined,
    actor: filters.actor || undefined,
    from: day(filters.from),
    to: day(filters.to),
    breakGlass: filters.breakGlass ? 'true' : undefined,
    afterSeq: String(afterSeq),
    limit: '50',
  };
  const path = withQuery('/audit', query);
  const [list, reload] = useAsync(
    () => api<{ entries: AuditEntry[]; nextAfterSeq: number | null }>('GET', path),
    path,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAfterSeq(0);
    setFilters(draft);
  };
  const field = (key: 'action' | 'actor' | 'from' | 'to', type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{t(`oversight.audit.${key}`)}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <>
      <h1 tabIndex={-1}>{t('oversight.audit.title')}</h1>
      <OversightNav />
      <p>{t('oversight.audit.intro')}</p>
      <form className="form card" onSubmit={submit}>
        {field('action')}
        {field('actor')}
        {field('from', 'date')}
        {field('to', 'date')}
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={draft.breakGlass}
              onChange={(e) => setDraft({ ...draft, breakGlass: e.target.checked })}
            />{' '}
            {t('oversight.audit.breakGlass')}
          </label>
        </div>
        <button type="submit" className="button button-primary">
          {t('oversight.audit.apply')}
        </button>
      </form>
      <p>
        <a
          href={withQuery('/api/v1/audit/export', { from: day(filters.from), to: day(filters.to) })}
        >
          {t('oversight.audit.export')}
        </a>
      </p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' &&
        (list.value.entries.length === 0 ? (
          <p>{t('oversight.audit.empty')}</p>
        ) : (
          <>
            <table className="table">
              <caption>{t('oversight.audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('oversight.audit.seq')}</th>
                  <th scope="col">{t('oversight.audit.at')}</th>
                  <th scope="col">{t('oversight.audit.actor')}</th>
                  <th scope="col">{t('oversight.audit.action')}</th>
                  <th scope="col">{t('oversight.audit.target')}</th>
                  <th scope="col">{t('oversight.audit.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {list.value.entries.map((e) => (
                  <tr key={e.seq}>
                    <th scope="row">{e.seq}</th>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.target ?? ''}</td>
                    <td>
                      {e.reason ?? purposeOf(e, t)}
                      {e.redacted && e.redacted.length > 0 && (
                        <em> ({t('oversight.audit.redacted')})</em>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list.value.nextAfterSeq !== null && (
              <button
                type="button"
                className="button"
                onClick={() => setAfterSeq(list.value.nextAfterSeq ?? 0)}
              >
                {t('oversight.audit.next')}
              </button>
            )}
          </>
        ))}
    </>
  );
}
