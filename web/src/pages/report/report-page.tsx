import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import { usePageTitle } from '../../components/page-title.js';
import { ErrorMessage, Loading } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useSession } from '../../session.js';
import { useAsync } from '../../use-async.js';
import {
  checkStep,
  EMPTY_DRAFT,
  requestOf,
  stepOf,
  STEPS,
  type Draft,
  type OffenceList,
  type Problem,
  type ReportReceipt,
  type Step,
} from './report-draft.js';
import { ReportDone } from './report-done.js';
import { fieldId, useProblemText } from './report-fields.js';
import { ReviewStep } from './report-review.js';
import { SawStep, WhatStep, WhenStep, WhoStep } from './report-steps.js';
import '../../styles/report.css';

/** Problems the node found, as the wizard shows them (limits on files are checked here too). */
function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 413)) return null;
  const details = error.details as readonly { path: string; message: string; code?: string }[];
  const problems = details.map((d) => ({ path: d.path, code: d.code ?? '', message: d.message }));
  return problems.length > 0 ? problems : null;
}

function fileProblems(draft: Draft, limits: OffenceList['limits']): Problem[] {
  const out: Problem[] = [];
  if (draft.files.length > limits.max_files)
    out.push({ path: '/attachments', code: 'too-many-files' });
  draft.files.forEach((f, i) => {
    if (f.size > limits.max_file_bytes) {
      out.push({ path: `/attachments/${i}/content`, code: 'file-too-large' });
    }
  });
  const total = draft.files.reduce((n, f) => n + f.size, 0);
  if (total > limits.max_total_bytes) out.push({ path: '/attachments', code: 'total-too-large' });
  return out;
}

/**
 * "Report an incident": a short wizard for people who are not technical (issue 4). Five steps,
 * each a fieldset with plain-language help; Next checks the step, Back keeps every answer; the
 * node checks everything again and its problems lead back to the step concerned.
 */
export function ReportPage() {
  const { t } = useI18n();
  const { node, refreshNode, user } = useSession();
  usePageTitle(t('report.title'), node?.name);
  const [list, reload] = useAsync(() => api<OffenceList>('GET', '/reports/offences'), 'offences');
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [step, setStep] = useState<Step>('what');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The receipt rides in the history entry, so Back from the incident shows it again.
  const [receipt, setReceiptState] = useState<ReportReceipt | null>(receiptInHistory);
  const setReceipt = (r: ReportReceipt | null) => {
    window.history.replaceState(r ? { reportReceipt: r } : null, '');
    setReceiptState(r);
  };
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const problemText = useProblemText();

  useEffect(() => {
    if (moved.current) stepHeading.current?.focus();
  }, [step]);
  useEffect(() => {
    if (problems.length > 0) summary.current?.focus();
  }, [problems]);

  // Oversight reads; it does not report (the node refuses it too).
  if (user.role === 'oversight') {
    return (
      <>
        <Header intro={false} />
        <p className="notice notice-info">{t('report.notAllowed')}</p>
      </>
    );
  }
  if (list.status === 'loading') {
    return (
      <>
        <Header />
        <Loading />
      </>
    );
  }
  if (list.status === 'error') {
    return (
      <>
        <Header />
        <ErrorMessage error={list.error} retry={reload} />
      </>
    );
  }
  const offences = list.value;

  const index = STEPS.indexOf(step);
  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    // Removing an entry renumbers the rest: problems found for the old numbering no longer apply.
    if (change.observables || change.files) {
      setProblems((ps) => ps.filter((p) => !/^\/(observables|attachments)/.test(p.path)));
    }
  };
  const goTo = (next: Step) => {
    moved.current = true;
    setProblems([]);
    setStep(next);
  };

  const send = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setReceipt(await api<ReportReceipt>('POST', '/reports', await requestOf(draft)));
      refreshNode();
    } catch (err) {
      const found = problemsOf(err);
      if (found) {
        moved.current = true;
        setStep(stepOf(found[0]!.path));
        setProblems(found);
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = [
      ...checkStep(step, draft),
      ...(step === 'saw' ? fileProblems(draft, offences.limits) : []),
    ];
    setProblems(found);
    if (found.length > 0) return;
    if (step === 'review') void send();
    else goTo(STEPS[index + 1]!);
  };

  if (receipt) {
    return (
      <>
        <Header intro={false} />
        <ReportDone
          receipt={receipt}
          again={() => {
            setReceipt(null);
            setDraft(EMPTY_DRAFT);
            goTo('what');
          }}
        />
      </>
    );
  }

  const props = { draft, update, problems };
  return (
    <>
      <Header />
      <form
        className="form card wizard"
        onSubmit={submit}
        noValidate
        aria-labelledby="report-step-title"
      >
        <p className="progress">
          {t('report.progress', { current: index + 1, total: STEPS.length })}
        </p>
        <ol className="steps" aria-hidden="true">
          {STEPS.map((s, i) => (
            <li key={s} className={i === index ? 'current' : i < index ? 'done' : undefined}>
              {t(`report.step.${s}`)}
            </li>
          ))}
        </ol>
        <h2 id="report-step-title" ref={stepHeading} tabIndex={-1}>
          {t(`report.step.${step}`)}
        </h2>
        {problems.length > 0 && (
          <div className="notice notice-error" role="alert" tabIndex={-1} ref={summary}>
            <p>{t('report.errors.title')}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  <a href={`#${fieldId(p.path)}`}>{problemText(p)}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {failure !== null && <ErrorMessage error={failure} />}
        {step === 'what' && <WhatStep {...props} list={offences} />}
        {step === 'when' && <WhenStep {...props} />}
        {step === 'who' && <WhoStep {...props} />}
        {step === 'saw' && <SawStep {...props} list={offences} />}
        {step === 'review' && (
          <ReviewStep draft={draft} list={offences} update={update} goTo={goTo} />
        )}
        <div className="actions">
          {index > 0 && (
            <button type="button" className="button" onClick={() => goTo(STEPS[index - 1]!)}>
              {t('report.back')}
            </button>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            {step === 'review' ? (busy ? t('report.sending') : t('report.send')) : t('report.next')}
          </button>
        </div>
      </form>
    </>
  );
}

function receiptInHistory(): ReportReceipt | null {
  const state: unknown = window.history.state;
  if (state === null || typeof state !== 'object' || !('reportReceipt' in state)) return null;
  return (state as { reportReceipt: ReportReceipt }).reportReceipt;
}

function Header({ intro = true }: { intro?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <h1 tabIndex={-1}>{t('report.title')}</h1>
      {intro && <p>{t('report.intro')}</p>}
    </>
  );
}
