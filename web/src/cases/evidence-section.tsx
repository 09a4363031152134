import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../use-async.js';
import { base64Of, downloadFile, type Custody, type EvidenceItem } from './cases-api.js';

/** Evidence of a case: items with their hashes, upload, download with a purpose, custody, export. */
export function EvidenceSection(props: { caseId: string; contributes: boolean; exports: boolean }) {
  const { t, formatNumber } = useI18n();
  const base = `/cases/${encodeURIComponent(props.caseId)}`;
  const [list, reload] = useAsync(
    () => api<{ items: EvidenceItem[] }>('GET', `${base}/evidence`),
    `${base}/evidence`,
  );
  const [custodyOf, setCustodyOf] = useState<EvidenceItem | null>(null);
  const [custodyGeneration, setCustodyGeneration] = useState(0);
  const [downloading, setDownloading] = useState<EvidenceItem | null>(null);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);

  const download = async (item: EvidenceItem, purpose: string) => {
    setFailure(null);
    try {
      await downloadFile(
        'GET',
        `${base}/evidence/${item.id}/content?purpose=${encodeURIComponent(purpose)}`,
        item.name,
      );
      setDownloading(null);
      setCustodyOf(item);
      setCustodyGeneration((g) => g + 1);
    } catch (err) {
      setFailure(err);
    }
  };
  const exportPackage = async (purpose: string) => {
    setFailure(null);
    try {
      await downloadFile('POST', `${base}/packages`, 'evidence-package.tar', {
        items: chosen,
        purpose,
      });
      setCustodyGeneration((g) => g + 1);
    } catch (err) {
      setFailure(err);
    }
  };

  return (
    <section aria-labelledby="case-evidence">
      <h2 id="case-evidence">{t('evidence.title')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' &&
        (list.value.items.length === 0 ? (
          <p>{t('evidence.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption>{t('evidence.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('evidence.number')}</th>
                  <th scope="col">{t('evidence.file')}</th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">{t('evidence.size')}</th>
                  <th scope="col">{t('evidence.origin')}</th>
                  <th scope="col">{t('evidence.custody')}</th>
                </tr>
              </thead>
              <tbody>
                {list.value.items.map((item) => (
                  <tr key={item.id}>
                    <td>
                      {props.exports && (
                        <input
                          type="checkbox"
                          aria-label={t('evidence.select', { name: item.name })}
                          checked={chosen.includes(item.id)}
                          onChange={(e) =>
                            setChosen((c) =>
                              e.target.checked ? [...c, item.id] : c.filter((x) => x !== item.id),
                            )
                          }
                        />
                      )}{' '}
                      {item.number}
                    </td>
                    <th scope="row">{item.name}</th>
                    <td>
                      <code className="hash">{item.sha256}</code>
                    </td>
                    <td className="num">{formatNumber(item.size)}</td>
                    <td>
                      {item.origin.by}: {item.origin.method}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        aria-label={t('evidence.downloadLabel', { name: item.name })}
                        onClick={() => setDownloading(item)}
                      >
                        {t('evidence.download')}
                      </button>{' '}
                      <button
                        type="button"
                        className="button button-quiet"
                        onClick={() => setCustodyOf(item)}
                      >
                        {t('evidence.custody')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {downloading && (
        <PurposeDialog
          title={t('evidence.downloadLabel', { name: downloading.name })}
          onConfirm={(purpose) => download(downloading, purpose)}
          onCancel={() => setDownloading(null)}
        />
      )}
      {custodyOf && <CustodyTimeline base={base} item={custodyOf} generation={custodyGeneration} />}
      {props.exports && chosen.length > 0 && <ExportForm onExport={exportPackage} />}
      {props.contributes && <UploadForm base={base} onDone={reload} />}
    </section>
  );
}

function CustodyTimeline(props: { base: string; item: EvidenceItem; generation: number }) {
  const { t, formatDateTime } = useI18n();
  const path = `${props.base}/evidence/${props.item.id}`;
  const [state, reload] = useAsync(() => api<Custody>('GET', path), path);
  useEffect(() => {
    if (props.generation > 0) reload();
  }, [props.generation, reload]);
  return (
    <section className="card" aria-labelledby="custody-title">
      <h3 id="custody-title">{t('evidence.custodyOf', { name: props.item.name })}</h3>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={reload} />}
      {state.status === 'done' && (
        <>
          <p role="status">
            {state.value.chain.ok
              ? t('evidence.chainOk')
              : t('evidence.chainBroken', { message: state.value.chain.message ?? '' })}
          </p>
          <ol className="custody-timeline">
            {state.value.records.map((r) => (
              <li key={r.seq}>
                <strong>{t(`evidence.action.${r.action}`)}</strong> — {formatDateTime(r.at)} —{' '}
                {r.actor} — {t('evidence.purpose')}: {r.purpose}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** A modal asking why; the purpose goes into the chain of custody. */
function PurposeDialog(props: {
  title: string;
  onConfirm: (purpose: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [purpose, setPurpose] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onConfirm(purpose.trim());
  };
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} onCancel={props.onCancel} className="card">
      <form className="form" onSubmit={submit}>
        <h3 id={`${id}-title`}>{props.title}</h3>
        <div className="field">
          <label htmlFor={`${id}-purpose`}>{t('evidence.purposeTitle')}</label>
          <input
            id={`${id}-purpose`}
            value={purpose}
            required
            minLength={5}
            maxLength={1000}
            aria-describedby={`${id}-help`}
            onChange={(e) => setPurpose(e.target.value)}
          />
          <p id={`${id}-help`}>{t('evidence.purposeHelp')}</p>
        </div>
        <button
          type="submit"
          className="button button-primary"
          disabled={purpose.trim().length < 5}
        >
          {t('evidence.confirm')}
        </button>{' '}
        <button type="button" className="button button-quiet" onClick={props.onCancel}>
          {t('evidence.cancel')}
        </button>
      </form>
    </dialog>
  );
}

function ExportForm({ onExport }: { onExport: (purpose: string) => Promise<void> }) {
  const { t } = useI18n();
  const id = useId();
  const [purpose, setPurpose] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onExport(purpose.trim());
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('evidence.export')}</h3>
      <p>{t('evidence.exportHelp')}</p>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t('evidence.purpose')}</label>
        <input
          id={`${id}-purpose`}
          value={purpose}
          required
          minLength={5}
          maxLength={1000}
          onChange={(e) => setPurpose(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={purpose.trim().length < 5}>
        {t('evidence.export')}
      </button>
    </form>
  );
}

function UploadForm({ base, onDone }: { base: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [method, setMethod] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!file) return;
    const form = e.currentTarget;
    setFailure(null);
    setBusy(true);
    try {
      await api('POST', `${base}/evidence`, {
        name: file.name,
        media_type: file.type || 'application/octet-stream',
        content_base64: await base64Of(file),
        method: method.trim(),
      });
      form.reset();
      setFile(null);
      setMethod('');
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('evidence.upload')}</h3>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('evidence.chooseFile')}</label>
        <input
          id={`${id}-file`}
          type="file"
          required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>{t('evidence.method')}</label>
        <input
          id={`${id}-method`}
          value={method}
          required
          minLength={5}
          maxLength={1000}
          onChange={(e) => setMethod(e.target.value)}
        />
      </div>
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || !file || method.trim().length < 5}
      >
        {t('evidence.send')}
      </button>
    </form>
  );
}
