import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { base64Of } from '../cases/cases-api.js';
import { ErrorMessage } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { actionLabel, codeLabel } from './labels.js';
import {
  allowedTransitions,
  type Catalogue,
  type RequestDef,
  type RequestView,
  type TransitionDef,
} from './requests-api.js';

/**
 * The steps the signed-in user may take on the request in its current state (issue 7, item 3):
 * approve (four-eyes), send, acknowledge, answer, refuse with a ground of the definition,
 * withdraw… Each asks for what its step needs (reason, ground, data package) and shows the
 * API's error when the node refuses it.
 */
export function RequestActions(props: {
  request: RequestView;
  def: RequestDef;
  catalogue: Catalogue;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const id = useId();
  const [done, setDone] = useState<string | null>(null);
  const steps = allowedTransitions(user, props.catalogue, props.def, props.request);
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>{t('requests.actions')}</h2>
      {done && (
        <p className="notice notice-success" role="status">
          {t('requests.actions.done', { state: codeLabel(t, 'state', done) })}
        </p>
      )}
      {steps.length === 0 ? (
        <p>{t('requests.actions.none')}</p>
      ) : (
        steps.map((s) => (
          <ActionForm
            key={`${props.request.state}-${s.to}`}
            requestId={props.request.id}
            step={s}
            onDone={() => {
              setDone(s.to);
              props.onDone();
            }}
          />
        ))
      )}
    </section>
  );
}

function ActionForm(props: { requestId: string; step: TransitionDef; onDone: () => void }) {
  const { step } = props;
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [ground, setGround] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const label = actionLabel(t, step.to);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      await api('POST', `/requests/${props.requestId}/transitions`, {
        to: step.to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(ground ? { ground } : {}),
        ...(files.length > 0
          ? {
              files: await Promise.all(
                files.map(async (f) => ({
                  name: f.name,
                  mediaType: f.type || 'application/octet-stream',
                  contentBase64: await base64Of(f),
                })),
              ),
            }
          : {}),
      });
      props.onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form request-action" onSubmit={submit} aria-label={label}>
      {step.grounds && (
        <div className="field">
          <label htmlFor={`${id}-ground`}>{t('requests.actions.ground')}</label>
          <select
            id={`${id}-ground`}
            value={ground}
            required
            onChange={(e) => setGround(e.target.value)}
          >
            <option value="">{t('requests.actions.chooseGround')}</option>
            {step.grounds.map((g) => (
              <option key={g} value={g}>
                {codeLabel(t, 'ground', g)}
              </option>
            ))}
          </select>
        </div>
      )}
      {(step.requiresReason || step.grounds) && (
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('requests.actions.reason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            value={reason}
            required={step.requiresReason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      )}
      {step.package && (
        <div className="field">
          <label htmlFor={`${id}-files`}>{t('requests.actions.files')}</label>
          <input
            id={`${id}-files`}
            type="file"
            multiple
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </div>
      )}
      {step.fourEyes && <p className="hint">{t('requests.actions.fourEyes')}</p>}
      {failure !== null && <ErrorMessage error={failure} />}
      <button
        type="submit"
        className={
          step.to === 'refused' || step.to === 'withdrawn'
            ? 'button button-danger'
            : 'button button-primary'
        }
        disabled={busy}
      >
        {label}
        {step.article ? ` (${step.article})` : ''}
      </button>
    </form>
  );
}
