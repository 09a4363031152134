import { useRef, useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { api, ApiError, withQuery } from '../api/client.js';
import { uploadFile } from '../api/upload.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { TLP_MARKINGS } from '../tlp.js';
import { useAsync } from '../use-async.js';

interface Described {
  readonly name: string;
  readonly description: string;
}
interface Formats {
  readonly formats: readonly Described[];
  readonly feeds: readonly Described[];
}
interface Problem {
  readonly record: number;
  readonly line?: number;
  readonly id?: string;
  readonly reason: string;
}
interface ImportSummary {
  readonly format: string;
  readonly records: number;
  readonly objects: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly folded: number;
  readonly problems: readonly Problem[];
  readonly problemCount: number;
  readonly warnings: readonly Warning[];
  readonly warningCount: number;
  readonly rolledBack: boolean;
}
/** A repair made to read a record (stored after it). */
interface Warning {
  readonly record: number;
  readonly line?: number;
  readonly message: string;
}

type Outcome =
  | { readonly kind: 'done'; readonly summary: ImportSummary }
  | { readonly kind: 'failed'; readonly error: unknown };

const AUTO = 'auto';
const FEED = '__feed';
const PAGE = 100;
const DISTRIBUTIONS = ['organisation', 'community', 'connected', 'all'] as const;

/** The problems of a refused (422) import, read back from the error details. */
function problemsOf(error: ApiError): Problem[] {
  return error.details.map((d, i) => {
    const m = /^(line|record) (\d+)$/.exec(d.path);
    const index = (d as { index?: number }).index;
    return {
      record: index ?? (m?.[1] === 'record' ? Number(m[2]) : i + 1),
      line: m?.[1] === 'line' ? Number(m[2]) : undefined,
      reason: d.message,
    };
  });
}

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function downloadCsv(problems: readonly Problem[]): void {
  const rows = [
    'record,line,id,reason',
    ...problems.map((p) => [p.record, p.line, p.id, p.reason].map(csvCell).join(',')),
  ];
  const url = URL.createObjectURL(new Blob([`${rows.join('\n')}\n`], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'import-problems.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const STATUS_LEAD: Readonly<Record<number, MessageKey>> = {
  400: 'import.err400',
  413: 'import.err413',
  415: 'import.err415',
  422: 'import.err422',
};

function ProblemTable({ problems, total }: { problems: readonly Problem[]; total: number }) {
  const { t, formatNumber } = useI18n();
  const [shown, setShown] = useState(PAGE);
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby="import-problems-title">
      <h3 id="import-problems-title">{t('import.problemsTitle')}</h3>
      {total > problems.length && (
        <p>
          {t('import.problemsCapped', {
            shown: formatNumber(problems.length),
            total: formatNumber(total),
          })}
        </p>
      )}
      <button type="button" className="button" onClick={() => downloadCsv(problems)}>
        {t('import.downloadCsv')}
      </button>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('import.colRecord')}</th>
              <th scope="col">{t('import.colLine')}</th>
              <th scope="col">{t('import.colId')}</th>
              <th scope="col">{t('import.colReason')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.slice(0, shown).map((p, i) => (
              <tr key={`${p.record}-${i}`}>
                <td>{p.record}</td>
                <td>{p.line ?? ''}</td>
                <td className="long">{p.id ?? ''}</td>
                <td className="long">{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < problems.length && (
        <button type="button" className="button" onClick={() => setShown((s) => s + PAGE)}>
          {t('import.showMore', { count: formatNumber(Math.min(PAGE, problems.length - shown)) })}
        </button>
      )}
    </section>
  );
}

function WarningTable({ warnings, total }: { warnings: readonly Warning[]; total: number }) {
  const { t, formatNumber } = useI18n();
  const [shown, setShown] = useState(PAGE);
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="import-warnings-title">
      <h3 id="import-warnings-title">{t('import.warningsTitle')}</h3>
      <p>{t('import.warningsIntro')}</p>
      {total > warnings.length && (
        <p>
          {t('import.warningsCapped', {
            shown: formatNumber(warnings.length),
            total: formatNumber(total),
          })}
        </p>
      )}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('import.colRecord')}</th>
              <th scope="col">{t('import.colLine')}</th>
              <th scope="col">{t('import.colRepair')}</th>
            </tr>
          </thead>
          <tbody>
            {warnings.slice(0, shown).map((w, i) => (
              <tr key={`${w.record}-${i}`}>
                <td>{w.record}</td>
                <td>{w.line ?? ''}</td>
                <td className="long">{w.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < warnings.length && (
        <button type="button" className="button" onClick={() => setShown((s) => s + PAGE)}>
          {t('import.showMore', { count: formatNumber(Math.min(PAGE, warnings.length - shown)) })}
        </button>
      )}
    </section>
  );
}

function Result({ outcome }: { outcome: Outcome }) {
  const { t, formatNumber } = useI18n();
  if (outcome.kind === 'failed') {
    const e = outcome.error;
    if (!(e instanceof ApiError) || STATUS_LEAD[e.status] === undefined) {
      return <ErrorMessage error={e} />;
    }
    const problems = e.status === 422 ? problemsOf(e) : [];
    return (
      <>
        <div className="notice notice-error">
          <p>{t(STATUS_LEAD[e.status] as MessageKey)}</p>
          <p>{e.message}</p>
        </div>
        <ProblemTable problems={problems} total={problems.length} />
      </>
    );
  }
  const s = outcome.summary;
  const counts: [MessageKey, number][] = [
    ['import.records', s.records],
    ['import.objects', s.objects],
    ['import.stored', s.stored],
    ['import.duplicates', s.duplicates],
    ['import.folded', s.folded],
    ['import.problems', s.problemCount],
    ['import.warnings', s.warningCount],
  ];
  return (
    <>
      <p className={`notice ${s.problemCount > 0 ? 'notice-warning' : 'notice-success'}`}>
        {t(s.problemCount > 0 ? 'import.doneWithProblems' : 'import.done', { format: s.format })}
      </p>
      <dl className="import-counts">
        {counts.map(([key, n]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd data-count={key}>{formatNumber(n)}</dd>
          </div>
        ))}
      </dl>
      <ProblemTable problems={s.problems} total={s.problemCount} />
      <WarningTable warnings={s.warnings} total={s.warningCount} />
      {s.stored > 0 && <Link to="/objects">{t('import.viewObjects')}</Link>}
    </>
  );
}

/** Import a file: choose it and how to read it, send it, and see what was stored and why not. */
export function ImportPage() {
  const { t, formatNumber } = useI18n();
  const { node, refreshNode } = useSession();
  usePageTitle(t('import.title'), node?.name);
  const [formats] = useAsync(() => api<Formats>('GET', '/imports/formats'), 'formats');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState(AUTO);
  const [feed, setFeed] = useState('');
  const [mode, setMode] = useState<'atomic' | 'partial'>('atomic');
  const [distribution, setDistribution] = useState('');
  const [tlp, setTlp] = useState('');
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [missing, setMissing] = useState<MessageKey | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setMissing('import.needFile');
    if (format === FEED && !feed) return setMissing('import.needFeed');
    setMissing(null);
    setOutcome(null);
    setProgress({ sent: 0, total: file.size });
    const query = withQuery('/imports', {
      format: format === FEED || format === AUTO ? undefined : format,
      feed: format === FEED ? feed : undefined,
      mode,
      distribution: distribution || undefined,
      tlp: tlp || undefined,
    });
    try {
      const summary = await uploadFile<ImportSummary>(query, file, (sent, total) =>
        setProgress({ sent, total }),
      );
      setOutcome({ kind: 'done', summary });
      if (summary.stored > 0) refreshNode();
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      {formats.status === 'loading' && <Loading />}
      {formats.status === 'error' && <ErrorMessage error={formats.error} />}
      {formats.status === 'done' && (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <div
            className={`field drop-zone${dragging ? ' drop-zone-active' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <label htmlFor="import-file">{t('import.file')}</label>
            <p className="hint" id="import-file-hint">
              {t('import.fileHint')}
            </p>
            <input
              id="import-file"
              ref={input}
              type="file"
              aria-describedby="import-file-hint"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            {file && (
              <p>{t('import.chosen', { name: file.name, size: formatNumber(file.size) })}</p>
            )}
          </div>
          <div className="field">
            <label htmlFor="import-format">{t('import.format')}</label>
            <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value={AUTO}>{t('import.formatAuto')}</option>
              {formats.value.formats.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.description ? `${f.name} — ${f.description}` : f.name}
                </option>
              ))}
              {formats.value.feeds.length > 0 && (
                <option value={FEED}>{t('import.formatFeed')}</option>
              )}
            </select>
          </div>
          {format === FEED && (
            <div className="field">
              <label htmlFor="import-feed">{t('import.feed')}</label>
              <select id="import-feed" value={feed} onChange={(e) => setFeed(e.target.value)}>
                <option value="">{t('import.feedChoose')}</option>
                {formats.value.feeds.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.description ? `${f.name} — ${f.description}` : f.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <fieldset className="field">
            <legend>{t('import.mode')}</legend>
            {(['atomic', 'partial'] as const).map((m) => (
              <div key={m}>
                <input
                  type="radio"
                  id={`import-mode-${m}`}
                  name="mode"
                  value={m}
                  checked={mode === m}
                  aria-describedby={`import-mode-${m}-hint`}
                  onChange={() => setMode(m)}
                />{' '}
                <label htmlFor={`import-mode-${m}`}>{t(`import.mode.${m}`)}</label>
                <p className="hint" id={`import-mode-${m}-hint`}>
                  {t(`import.mode.${m}Hint`)}
                </p>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="import-distribution">{t('detail.distribution')}</label>
            <p className="hint" id="import-distribution-hint">
              {t('import.distributionHint')}
            </p>
            <select
              id="import-distribution"
              value={distribution}
              aria-describedby="import-distribution-hint"
              onChange={(e) => setDistribution(e.target.value)}
            >
              <option value="">{t('import.default')}</option>
              {DISTRIBUTIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`distribution.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-tlp">{t('objects.marking')}</label>
            <p className="hint" id="import-tlp-hint">
              {t('import.tlpHint')}
            </p>
            <select
              id="import-tlp"
              value={tlp}
              aria-describedby="import-tlp-hint"
              onChange={(e) => setTlp(e.target.value)}
            >
              <option value="">{t('import.tlpDefault')}</option>
              {TLP_MARKINGS.map((m) => (
                <option key={m.level} value={m.level}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          {missing && (
            <p className="notice notice-error" role="alert">
              {t(missing)}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={progress !== null}>
            {progress ? t('import.sending') : t('import.submit')}
          </button>
          {progress && (
            <progress
              aria-label={t('import.progress')}
              max={progress.total || 1}
              value={progress.sent}
            />
          )}
        </form>
      )}
      <section aria-labelledby="import-result-title">
        <h2 id="import-result-title">{t('import.result')}</h2>
        <div role="status" aria-live="polite" className="live">
          {outcome ? <Result outcome={outcome} /> : <p>{t('import.noResult')}</p>}
        </div>
      </section>
    </>
  );
}
