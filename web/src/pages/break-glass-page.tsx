import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

/** A break-glass window as `/api/v1/break-glass` returns it. */
interface BreakGlassWindow {
  readonly id: string;
  readonly reason: string;
  readonly opened_at: string;
  readonly expires_at: string;
}

/**
 * Break glass (admins): open an audited 15-minute window to read beyond one's own reach, with a
 * stated reason; see when it ends; close it early. The API sets the rules (minimum reason
 * length, admins only) and its errors are shown as they come.
 */
export function BreakGlassPage() {
  const { t, formatDateTime } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('breakGlass.title'), node?.name);
  const isAdmin = user.role === 'admin';
  const [state, reload] = useAsync(
    () =>
      isAdmin
        ? api<{ window: BreakGlassWindow | null }>('GET', '/break-glass')
        : Promise.resolve({ window: null }),
    'break-glass',
  );
  const [failure, setFailure] = useState<unknown>(null);
  const close = async () => {
    setFailure(null);
    try {
      await api('DELETE', '/break-glass');
      reload();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('breakGlass.title')}</h1>
      {!isAdmin ? (
        <p>{t('breakGlass.adminsOnly')}</p>
      ) : (
        <>
          <p>{t('breakGlass.intro')}</p>
          {state.status === 'loading' && <Loading />}
          {state.status === 'error' && <ErrorMessage error={state.error} retry={reload} />}
          {state.status === 'done' &&
            (state.value.window ? (
              <section className="card notice notice-warning" aria-label={t('breakGlass.open')}>
                <p role="status">
                  {t('breakGlass.openUntil', {
                    time: formatDateTime(state.value.window.expires_at),
                  })}
                </p>
                <p>{t('breakGlass.reasonGiven', { reason: state.value.window.reason })}</p>
                {failure !== null && <ErrorMessage error={failure} />}
                <button type="button" className="button" onClick={() => void close()}>
                  {t('breakGlass.close')}
                </button>
              </section>
            ) : (
              <OpenWindowForm onOpened={reload} />
            ))}
        </>
      )}
    </>
  );
}

function OpenWindowForm({ onOpened }: { onOpened: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setFailure(null);
    try {
      await api('POST', '/break-glass', { reason });
      setReason('');
      onOpened();
    } catch (err) {
      const detail =
        err instanceof ApiError
          ? err.details.find((d) => d.path.replace(/^body\/?/, '') === 'reason')
          : undefined;
      if (detail) setProblem(err instanceof Error ? err.message : detail.message);
      else setFailure(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h2 id={`${id}-heading`}>{t('breakGlass.openTitle')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('breakGlass.reason')}</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-reason-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {problem && (
          <p id={`${id}-reason-error`} className="field-error">
            {problem}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary">
        {t('breakGlass.submit')}
      </button>
    </form>
  );
}
