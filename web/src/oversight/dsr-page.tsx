import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import type { DataSubjectRequest, DsrDecision } from './oversight-api.js';
import { OversightNav } from './oversight-nav.js';

const DECISIONS: readonly DsrDecision[] = ['access-given', 'erased', 'refused'];

/** Data-subject requests: search the node for a person, then record the decision. */
export function DsrPage() {
  const { t } = useI18n();
  const { node } = useSession();
  const id = useId();
  usePageTitle(t('oversight.dsr.title'), node?.name);
  const [list, reload] = useAsync(
    () => api<{ requests: DataSubjectRequest[] }>('GET', '/data-subject-requests'),
    'dsr',
  );
  const [identifier, setIdentifier] = useState('');
  const [kind, setKind] = useState<'access' | 'erasure'>('access');
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api('POST', '/data-subject-requests', { identifier: identifier.trim(), kind });
      setIdentifier('');
      reload();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('oversight.dsr.title')}</h1>
      <OversightNav />
      <p>{t('oversight.dsr.intro')}</p>
      <form className="form card" onSubmit={submit}>
        {failure !== null && <ErrorMessage error={failure} />}
        <div className="field">
          <label htmlFor={`${id}-identifier`}>{t('oversight.dsr.identifier')}</label>
          <input
            id={`${id}-identifier`}
            value={identifier}
            required
            minLength={3}
            maxLength={320}
            onChange={(e) => setIdentifier(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('oversight.dsr.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'access' | 'erasure')}
          >
            <option value="access">{t('oversight.dsr.kind.access')}</option>
            <option value="erasure">{t('oversight.dsr.kind.erasure')}</option>
          </select>
        </div>
        <button
          type="submit"
          className="button button-primary"
          disabled={identifier.trim().length < 3}
        >
          {t('oversight.dsr.search')}
        </button>
      </form>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' &&
        (list.value.requests.length === 0 ? (
          <p>{t('oversight.dsr.empty')}</p>
        ) : (
          list.value.requests.map((r) => <RequestCard key={r.id} request={r} onDecided={reload} />)
        ))}
    </>
  );
}

function RequestCard({
  request: r,
  onDecided,
}: {
  request: DataSubjectRequest;
  onDecided: () => void;
}) {
  const { t, formatDateTime } = useI18n();
  const id = useId();
  const [decision, setDecision] = useState<DsrDecision>('access-given');
  const [ground, setGround] = useState('');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const decide = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api('POST', `/data-subject-requests/${encodeURIComponent(r.id)}/decision`, {
        decision,
        ground: ground.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDecided();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {r.identifier} — {t(`oversight.dsr.kind.${r.kind}`)}
      </h2>
      <p>
        {formatDateTime(r.createdAt)} · {t('oversight.dsr.found', { count: r.matches.length })}
      </p>
      {r.matches.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('oversight.dsr.source')}</th>
              <th scope="col">{t('oversight.dsr.record')}</th>
              <th scope="col">{t('oversight.dsr.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {r.matches.map((m) => (
              <tr key={`${m.source}:${m.recordId}`}>
                <td>{m.source}</td>
                <td>
                  {m.label} <code>{m.recordId}</code>
                </td>
                <td>{m.fields.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.decision ? (
        <p>
          {t('oversight.dsr.decided', {
            decision: t(`oversight.dsr.decision.${r.decision.outcome}`),
            at: formatDateTime(r.decision.decidedAt),
            by: r.decision.decidedBy,
            ground: r.decision.ground,
          })}
        </p>
      ) : (
        <form className="form" onSubmit={decide}>
          <p>{t('oversight.dsr.pending')}</p>
          {failure !== null && <ErrorMessage error={failure} />}
          <div className="field">
            <label htmlFor={`${id}-decision`}>{t('oversight.dsr.decision')}</label>
            <select
              id={`${id}-decision`}
              value={decision}
              onChange={(e) => setDecision(e.target.value as DsrDecision)}
            >
              {DECISIONS.filter((d) => d !== 'erased' || r.kind === 'erasure').map((d) => (
                <option key={d} value={d}>
                  {t(`oversight.dsr.decision.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-ground`}>{t('oversight.dsr.ground')}</label>
            <input
              id={`${id}-ground`}
              value={ground}
              required
              maxLength={300}
              onChange={(e) => setGround(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('oversight.dsr.note')}</label>
            <textarea
              id={`${id}-note`}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <button type="submit" className="button button-primary" disabled={!ground.trim()}>
            {t('oversight.dsr.decide')}
          </button>
        </form>
      )}
    </section>
  );
}
