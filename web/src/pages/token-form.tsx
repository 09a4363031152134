import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.js';
import type { CreatedToken } from '../api/types.js';
import { ErrorMessage } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

/** Names and creates a token. */
export function TokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setFailure(null);
    try {
      onCreated(await api<CreatedToken>('POST', '/tokens', { name: name.trim() }));
      setName('');
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('tokens.newTitle')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('tokens.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={200}
          required
          onChange={(e) => setName(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="hint">
          {t('tokens.nameHint')}
        </p>
      </div>
      <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
        {t('tokens.create')}
      </button>
    </form>
  );
}
