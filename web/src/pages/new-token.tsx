import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedToken } from '../api/types.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * A token just created: its secret is shown here once, with a copy button and a warning. It
 * disappears when the user says it is stored, or leaves the page.
 */
export function NewToken({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyState, setCopyState] = useState<MessageKey | null>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopyState('tokens.copied');
    } catch {
      setCopyState('tokens.copyFailed');
    }
  };

  return (
    <section className="card card-highlight" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('tokens.createdTitle', { name: token.name })}
      </h2>
      <p className="notice notice-warning">
        <strong>{t('tokens.warning')}</strong>
      </p>
      <div className="field">
        <label htmlFor={`${id}-value`}>{t('tokens.value')}</label>
        <div className="copy-row">
          <input
            id={`${id}-value`}
            className="token-value"
            readOnly
            value={token.token}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="button button-primary" onClick={() => void copy()}>
            {t('tokens.copy')}
          </button>
        </div>
      </div>
      <div role="status" className="live">
        {copyState && <p className="hint">{t(copyState)}</p>}
      </div>
      <button type="button" className="button" onClick={onDone}>
        {t('tokens.done')}
      </button>
    </section>
  );
}
