import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import type { User } from '../api/types.js';
import { usePageTitle } from '../components/page-title.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';

function problemOf(err: unknown): MessageKey {
  if (err instanceof ApiError) {
    if (err.code === 'NH_ERR_BAD_CREDENTIALS' || err.status === 401) return 'signin.badCredentials';
    if (err.code === 'NH_ERR_ACCOUNT_LOCKED' || err.status === 423) return 'signin.locked';
    if (err.status === 0) return 'error.network';
  }
  return 'error.network';
}

/** Sign-in with user name and password; the node answers with a session cookie. */
export function SignInPage({
  onSignedIn,
  notice,
}: {
  onSignedIn: (user: User) => void;
  notice?: MessageKey | null;
}) {
  const { t } = useI18n();
  usePageTitle(t('signin.title'), t('app.name'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { user: useId(), password: useId(), problem: useId() };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setProblem('signin.required');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const res = await api<{ user: User }>('POST', '/auth/login', { username, password });
      onSignedIn(res.user);
    } catch (err) {
      setProblem(problemOf(err));
      setPassword('');
      setBusy(false);
      passwordRef.current?.focus();
    }
  };

  const shown = problem ?? notice ?? null;
  return (
    <div className="narrow">
      <h1 tabIndex={-1}>{t('signin.title')}</h1>
      <p>{t('signin.intro')}</p>
      <div aria-live="assertive">
        {shown && (
          <p id={ids.problem} className={`notice ${problem ? 'notice-error' : 'notice-info'}`}>
            {t(shown)}
          </p>
        )}
      </div>
      <form className="form card" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.user}>{t('signin.username')}</label>
          <input
            id={ids.user}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? ids.problem : undefined}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('signin.password')}</label>
          <input
            id={ids.password}
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? ids.problem : undefined}
            required
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('signin.submitting') : t('signin.submit')}
        </button>
      </form>
    </div>
  );
}
