import { useId, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import type { Count, RequestFigures, TransparencyReport } from './oversight-api.js';
import { OversightNav } from './oversight-nav.js';

const today = () => new Date().toISOString().slice(0, 10);
const firstOfYear = () => `${new Date().getUTCFullYear()}-01-01`;
/** The end date is included: the period runs to the start of the next day. */
const nextDay = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function Counts({ title, rows }: { title: string; rows: Record<string, Count> }) {
  const { t } = useI18n();
  const entries = Object.entries(rows);
  return (
    <table className="table">
      <caption>{title}</caption>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td>{t('oversight.transparency.none')}</td>
          </tr>
        ) : (
          entries.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{String(v)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function Requests({ title, f }: { title: MessageKey; f: RequestFigures }) {
  const { t, formatNumber } = useI18n();
  const hours = (s: number | null) =>
    s === null
      ? t('oversight.transparency.tooFew')
      : t('oversight.transparency.hours', { hours: formatNumber(Math.round(s / 360) / 10) });
  return (
    <section>
      <h2>
        {t(title)}: {String(f.total)}
      </h2>
      <dl className="figures">
        <dt>{t('oversight.transparency.emergency')}</dt>
        <dd>{String(f.emergency)}</dd>
        <dt>{t('oversight.transparency.normal')}</dt>
        <dd>{String(f.normal)}</dd>
        <dt>{t('oversight.transparency.medianAck')}</dt>
        <dd>{hours(f.medianAcknowledgeSeconds)}</dd>
        <dt>{t('oversight.transparency.medianExec')}</dt>
        <dd>{hours(f.medianExecuteSeconds)}</dd>
      </dl>
      <div className="figure-tables">
        <Counts title={t('oversight.transparency.byType')} rows={f.byType} />
        <Counts title={t('oversight.transparency.byCountry')} rows={f.byCountry} />
        <Counts title={t('oversight.transparency.byOutcome')} rows={f.byOutcome} />
        <Counts title={t('oversight.transparency.byGround')} rows={f.byRefusalGround} />
      </div>
    </section>
  );
}

/** The transparency report of a period, with a link to its printable version. */
export function TransparencyPage() {
  const { t } = useI18n();
  const { node } = useSession();
  const id = useId();
  usePageTitle(t('oversight.transparency.title'), node?.name);
  const [draft, setDraft] = useState({ from: firstOfYear(), to: today() });
  const [period, setPeriod] = useState(draft);
  const query = { from: period.from, to: nextDay(period.to) };
  const path = withQuery('/transparency', query);
  const [report, reload] = useAsync(() => api<TransparencyReport>('GET', path), path);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod(draft);
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('oversight.transparency.title')}</h1>
      <OversightNav />
      <form className="form card" onSubmit={submit}>
        {(['from', 'to'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`${id}-${k}`}>{t(`oversight.transparency.${k}`)}</label>
            <input
              id={`${id}-${k}`}
              type="date"
              required
              value={draft[k]}
              onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
            />
          </div>
        ))}
        <button type="submit" className="button button-primary">
          {t('oversight.transparency.show')}
        </button>
      </form>
      <p>
        <a href={withQuery('/api/v1/transparency.html', query)} target="_blank" rel="noreferrer">
          {t('oversight.transparency.print')}
        </a>
      </p>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorMessage error={report.error} retry={reload} />}
      {report.status === 'done' && (
        <>
          <p>{t('oversight.transparency.intro', { threshold: report.value.threshold })}</p>
          <Requests title="oversight.transparency.sent" f={report.value.requests.sent} />
          <Requests title="oversight.transparency.received" f={report.value.requests.received} />
          <section className="figure-tables">
            <Counts
              title={t('oversight.transparency.openings')}
              rows={report.value.openings.byPurpose}
            />
            <Counts
              title={t('oversight.transparency.retention')}
              rows={report.value.retention.byCategory}
            />
            <Counts
              title={t('oversight.transparency.withdrawals')}
              rows={report.value.withdrawals.byReason}
            />
          </section>
        </>
      )}
    </>
  );
}
