import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, api } from '../api/client.js';
import { uploadFile } from '../api/upload.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

/** A contact as `/api/v1/contacts` returns it. */
interface Contact {
  readonly id: string;
  readonly kind: 'abuse' | 'poc' | 'cert';
  readonly name: string;
  readonly network: string | null;
  readonly asn: number | null;
  readonly domain: string | null;
  readonly country: string | null;
  readonly sector: string | null;
  readonly channel: string;
  readonly address: string;
}

interface ImportResult {
  readonly records: number;
  readonly stored: number;
  readonly problems: readonly { line: number; field: string; message: string }[];
}

const KIND_LABEL: Record<Contact['kind'], MessageKey> = {
  abuse: 'contacts.kind.abuse',
  poc: 'contacts.kind.poc',
  cert: 'contacts.kind.cert',
};

function scopeOf(c: Contact): string {
  return c.network ?? (c.asn !== null ? `AS${c.asn}` : null) ?? c.domain ?? c.sector ?? '';
}

/**
 * The contact directory of routing (issue 5, item 4): every member reads it; admins and
 * analysts add contacts and import CSV or JSON files, whose malformed lines are listed.
 */
export function ContactsPage() {
  const { t } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('contacts.title'), node?.name);
  const canWrite = user.role === 'admin' || user.role === 'analyst';
  const [state, reload] = useAsync(
    () => api<{ contacts: Contact[] }>('GET', '/contacts'),
    'contacts',
  );
  return (
    <>
      <h1 tabIndex={-1}>{t('contacts.title')}</h1>
      <p>{t('contacts.intro')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={reload} />}
      {state.status === 'done' &&
        (state.value.contacts.length === 0 ? (
          <p>{t('contacts.empty')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('contacts.name')}</th>
                <th scope="col">{t('contacts.kind')}</th>
                <th scope="col">{t('contacts.scope')}</th>
                <th scope="col">{t('contacts.country')}</th>
                <th scope="col">{t('contacts.channel')}</th>
              </tr>
            </thead>
            <tbody>
              {state.value.contacts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{t(KIND_LABEL[c.kind])}</td>
                  <td>{scopeOf(c)}</td>
                  <td>{c.country ?? ''}</td>
                  <td>
                    {c.channel}: {c.address}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {canWrite ? (
        <>
          <AddContactForm onAdded={reload} />
          <ImportForm onImported={reload} />
        </>
      ) : (
        <p>{t('contacts.readOnly')}</p>
      )}
    </>
  );
}

function AddContactForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [kind, setKind] = useState<Contact['kind']>('abuse');
  const [name, setName] = useState('');
  const [scope, setScope] = useState('');
  const [country, setCountry] = useState('');
  const [sector, setSector] = useState('');
  const [channel, setChannel] = useState('email');
  const [address, setAddress] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setFailure(null);
    const s = scope.trim();
    const scopeField =
      kind !== 'abuse' || s === ''
        ? {}
        : /^(as)?\d+$/i.test(s)
          ? { asn: s }
          : s.includes('/') || s.includes(':') || /^[\d.]+$/.test(s)
            ? { network: s }
            : { domain: s };
    try {
      await api('POST', '/contacts', {
        kind,
        name,
        ...scopeField,
        ...(country.trim() ? { country: country.trim() } : {}),
        ...(kind === 'cert' && sector.trim() ? { sector: sector.trim() } : {}),
        channel,
        address,
      });
      setDone(t('contacts.added', { name }));
      setName('');
      setScope('');
      setAddress('');
      onAdded();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>{t('contacts.addTitle')}</h2>
      {done && <p role="status">{done}</p>}
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('contacts.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as Contact['kind'])}
        >
          {(['abuse', 'poc', 'cert'] as const).map((k) => (
            <option key={k} value={k}>
              {t(KIND_LABEL[k])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('contacts.name')}</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      {kind === 'abuse' && (
        <div className="field">
          <label htmlFor={`${id}-scope`}>{t('contacts.scopeField')}</label>
          <input id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-country`}>{t('contacts.country')}</label>
        <input
          id={`${id}-country`}
          value={country}
          maxLength={2}
          onChange={(e) => setCountry(e.target.value)}
        />
      </div>
      {kind === 'cert' && (
        <div className="field">
          <label htmlFor={`${id}-sector`}>{t('contacts.sector')}</label>
          <input id={`${id}-sector`} value={sector} onChange={(e) => setSector(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-channel`}>{t('contacts.channel')}</label>
        <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="email">email</option>
          <option value="webhook">webhook</option>
          <option value="nohaven">nohaven</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-address`}>{t('contacts.address')}</label>
        <input id={`${id}-address`} value={address} onChange={(e) => setAddress(e.target.value)} />
      </div>
      <button type="submit" className="button button-primary">
        {t('contacts.add')}
      </button>
    </form>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setFailure(null);
    const file = input.current?.files?.[0];
    if (!file) {
      setFailure(new ApiError(400, 'NH_ERR_VALIDATION', t('contacts.noFile')));
      return;
    }
    try {
      setResult(await uploadFile<ImportResult>('/contacts/import', file, () => {}));
      onImported();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>{t('contacts.importTitle')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('contacts.file')}</label>
        <input
          id={`${id}-file`}
          ref={input}
          type="file"
          accept=".csv,.json,text/csv,application/json"
        />
      </div>
      <button type="submit" className="button button-primary">
        {t('contacts.import')}
      </button>
      {result && (
        <div role="status">
          <p>{t('contacts.imported', { stored: result.stored, records: result.records })}</p>
          {result.problems.length > 0 && (
            <ul aria-label={t('contacts.problems')}>
              {result.problems.map((p) => (
                <li key={`${p.line}-${p.field}`}>
                  {t('contacts.problem', { line: p.line, field: p.field, message: p.message })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
