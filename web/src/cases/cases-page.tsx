import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import type { CaseDetail, CaseSummary } from './cases-api.js';

/** The cases the user is a member of, and a form to open one. */
export function CasesPage() {
  const { t, formatDateTime } = useI18n();
  const { node } = useSession();
  usePageTitle(t('cases.title'), node?.name);
  const [list, reload] = useAsync(() => api<{ cases: CaseSummary[] }>('GET', '/cases'), 'cases');
  return (
    <>
      <h1 tabIndex={-1}>{t('cases.title')}</h1>
      <p>{t('cases.intro')}</p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' &&
        (list.value.cases.length === 0 ? (
          <p>{t('cases.empty')}</p>
        ) : (
          <table className="table">
            <caption>{t('cases.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.reference')}</th>
                <th scope="col">{t('cases.name')}</th>
                <th scope="col">{t('cases.status')}</th>
                <th scope="col">{t('cases.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.cases.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.reference}</Link>
                  </th>
                  <td>{c.title}</td>
                  <td>{t(`cases.status.${c.status}`)}</td>
                  <td>{formatDateTime(c.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <NewCaseForm />
    </>
  );
}

function NewCaseForm() {
  const { t } = useI18n();
  const id = useId();
  const [reference, setReference] = useState('');
  const [title, setTitle] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      const c = await api<CaseDetail>('POST', '/cases', {
        reference: reference.trim(),
        title: title.trim(),
      });
      navigate(`/cases/${encodeURIComponent(c.id)}`);
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cases.new')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-ref`}>{t('cases.reference')}</label>
        <input
          id={`${id}-ref`}
          value={reference}
          required
          maxLength={64}
          onChange={(e) => setReference(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-title-input`}>{t('cases.name')}</label>
        <input
          id={`${id}-title-input`}
          value={title}
          required
          maxLength={300}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <button
        type="submit"
        className="button button-primary"
        disabled={!reference.trim() || !title.trim()}
      >
        {t('cases.create')}
      </button>
    </form>
  );
}
