import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ErrorMessage } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

/** The purpose codes of `POST /api/v1/privacy/open` (`src/privacy/personal-data.ts`). */
export const PURPOSE_CODES = [
  'investigation',
  'prosecution',
  'request-execution',
  'victim-support',
  'data-subject-request',
  'oversight-review',
] as const;

export type SealedResource = 'request' | 'case-subject';

interface Opened {
  readonly value: unknown;
  readonly category: string;
}

/** A value as a person reads it: text as is, `{ text }` and `{ kind, value }` plainly, else JSON. */
function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(display).join('; ');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.text === 'string') return v.text;
    if (typeof v.value === 'string')
      return typeof v.kind === 'string' ? `${v.kind}: ${v.value}` : v.value;
  }
  return JSON.stringify(value);
}

/**
 * A sealed personal field (issue 8, item 2): shown as sealed with its data category, and an
 * "Open" action that asks for a purpose code and a text, says what opening records, and shows
 * the value only to this reader, only on this page. Reusable wherever a view holds
 * `{ sealed: true, category }` (requests, case subjects).
 */
export function SealedField({
  resource,
  id,
  field,
  category,
  label,
}: {
  resource: SealedResource;
  id: string;
  field: string;
  category: string;
  label: string;
}) {
  const { t } = useI18n();
  const formId = useId();
  const [asking, setAsking] = useState(false);
  const [code, setCode] = useState<string>('investigation');
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const categoryName = t(`privacy.category.${category}` as 'privacy.category.subscriber');

  if (opened)
    return (
      <span className="sealed-field sealed-field-open">
        <span className="sealed-value">{display(opened.value)}</span>{' '}
        <small>{t('privacy.openedNote')}</small>
      </span>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      setOpened(
        await api<Opened>('POST', '/privacy/open', {
          resource,
          id,
          field,
          purpose: { code, text: text.trim() },
        }),
      );
    } catch (err) {
      setFailure(err);
    }
  };

  return (
    <span className="sealed-field">
      <span className="sealed-badge">{t('privacy.sealed', { category: categoryName })}</span>{' '}
      {!asking ? (
        <button
          type="button"
          className="button button-small"
          aria-label={t('privacy.openLabel', { field: label })}
          onClick={() => setAsking(true)}
        >
          {t('privacy.open')}
        </button>
      ) : (
        <form className="form sealed-open-form" onSubmit={submit}>
          <p id={`${formId}-records`}>{t('privacy.records', { category: categoryName })}</p>
          {failure !== null && <ErrorMessage error={failure} />}
          <div className="field">
            <label htmlFor={`${formId}-code`}>{t('privacy.purpose')}</label>
            <select id={`${formId}-code`} value={code} onChange={(e) => setCode(e.target.value)}>
              {PURPOSE_CODES.map((p) => (
                <option key={p} value={p}>
                  {t(`privacy.purpose.${p}` as 'privacy.purpose.investigation')}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${formId}-text`}>{t('privacy.purposeText')}</label>
            <input
              id={`${formId}-text`}
              value={text}
              required
              minLength={3}
              maxLength={2000}
              aria-describedby={`${formId}-records`}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={text.trim().length < 3}>
            {t('privacy.confirmOpen')}
          </button>{' '}
          <button type="button" className="button" onClick={() => setAsking(false)}>
            {t('privacy.cancel')}
          </button>
        </form>
      )}
    </span>
  );
}
