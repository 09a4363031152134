import { useEffect, useId, useState } from 'react';
import { api } from '../api/client.js';
import { ErrorMessage } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { FieldInput } from './field-input.js';
import { codeLabel } from './labels.js';
import {
  isRequired,
  isSealed,
  type Catalogue,
  type Problem,
  type RequestDef,
} from './requests-api.js';

/** A request as the wizard edits it. */
export interface Draft {
  readonly id: string | null;
  /** The request a child (R5) is created from; it then goes to that request's sender. */
  readonly parentId: string | null;
  readonly type: string;
  readonly urgency: string;
  readonly channel: string;
  readonly recipient: string;
  readonly fields: Record<string, unknown>;
}

/**
 * The draft's problems from `/requests/validate`, asked again a moment after each change (null
 * while a check is pending); a failed check is returned apart.
 */
export function useLiveProblems(def: RequestDef | undefined, draft: Draft) {
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const body = def
    ? JSON.stringify({
        type: def.code,
        urgency: draft.urgency || undefined,
        channel: draft.channel || undefined,
        fields: draft.fields,
      })
    : null;
  useEffect(() => {
    setProblems(null);
    if (body === null) return;
    let current = true;
    const timer = setTimeout(() => {
      api<{ problems: Problem[] }>('POST', '/requests/validate', JSON.parse(body)).then(
        (r) => {
          if (!current) return;
          setFailure(null);
          setProblems(r.problems);
        },
        (err: unknown) => current && setFailure(err),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body]);
  // A sealed field of a saved draft keeps its stored value, which the API checks on saving.
  const open = problems && problems.filter((p) => !isSealed(draft.fields[p.field]));
  return { problems: open, failure };
}

export function FieldList(props: {
  def: RequestDef;
  draft: Draft;
  problems: readonly Problem[];
  catalogue: Catalogue;
  onChange: (code: string, value: unknown) => void;
}) {
  const { def, draft, problems, catalogue, onChange } = props;
  const { t } = useI18n();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-fields`}>
      <h2 id={`${id}-fields`}>{t('requests.wizard.fields')}</h2>
      {def.fields.map((f) => {
        const label = codeLabel(t, 'field', f.code);
        const required = isRequired(f, draft.urgency || def.urgencies[0]!, draft.fields);
        const mine = problems.filter((p) => p.field === f.code);
        const describedBy = `${id}-${f.code}-about`;
        const value = draft.fields[f.code];
        return (
          <div key={f.code} className="request-field">
            {isSealed(value) ? (
              <SealedInput
                label={`${label} (${t(required ? 'requests.wizard.required' : 'requests.wizard.optional')})`}
                field={label}
                category={value.category}
                onReplace={() => onChange(f.code, undefined)}
              />
            ) : (
              <FieldInput
                field={f}
                label={`${label} (${t(required ? 'requests.wizard.required' : 'requests.wizard.optional')})`}
                value={value}
                onChange={(v) => onChange(f.code, v)}
                catalogue={catalogue}
                describedBy={describedBy}
                invalid={mine.length > 0}
              />
            )}
            <div id={describedBy}>
              <p className="hint">
                {t(required ? 'requests.wizard.article' : 'requests.wizard.articleOptional', {
                  article: f.article,
                })}
              </p>
              {mine.map((p) => (
                <p key={p.message} className="field-error">
                  {p.kind === 'missing'
                    ? t('requests.problem.missing', { article: p.article, field: label })
                    : p.message}
                </p>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}

/** The count of problems, and those not tied to a form field (urgency, channel, unknown fields). */
export function ProblemSummary(props: {
  problems: Problem[] | null;
  count: number | null;
  failure: unknown;
}) {
  const { problems, count, failure } = props;
  const { t } = useI18n();
  if (failure !== null) return <ErrorMessage error={failure} />;
  return (
    <div className={count ? 'notice notice-warning' : 'notice notice-info'} role="status">
      <p>
        {count === null
          ? t('requests.wizard.checking')
          : count === 0
            ? t('requests.wizard.complete')
            : t('requests.wizard.problems', { count })}
      </p>
      {problems && problems.length > 0 && (
        <ul>
          {problems.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A personal field of a saved draft, sealed by the API: saved again as it is (the API keeps the
 * stored value), or replaced by a new value written here.
 */
function SealedInput(props: {
  label: string;
  field: string;
  category: string;
  onReplace: () => void;
}) {
  const { t } = useI18n();
  const category = t(`privacy.category.${props.category}` as 'privacy.category.subscriber');
  return (
    <div className="field">
      <span className="label">{props.label}</span>
      <p>
        <span className="sealed-badge">{t('privacy.sealed', { category })}</span>{' '}
        <button type="button" className="button button-small" onClick={props.onReplace}>
          {t('requests.wizard.replaceSealed', { field: props.field })}
        </button>
      </p>
    </div>
  );
}
