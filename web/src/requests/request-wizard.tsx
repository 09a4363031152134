import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { FieldInput } from './field-input.js';
import { codeLabel } from './labels.js';
import {
  draftableTypes,
  isRequired,
  type Catalogue,
  type Organization,
  type Problem,
  type RequestDef,
  type RequestView,
} from './requests-api.js';

interface Draft {
  readonly id: string | null;
  readonly type: string;
  readonly urgency: string;
  readonly channel: string;
  readonly recipient: string;
  readonly fields: Record<string, unknown>;
}

const EMPTY: Draft = { id: null, type: '', urgency: '', channel: '', recipient: '', fields: {} };

/**
 * The request wizard (issue 7, item 9): a new request, or the draft `draftId`. The form follows
 * the chosen type's definition; every change is checked by `/requests/validate`, whose problems
 * appear next to their field with the article that requires it.
 */
export function RequestWizard({ draftId }: { draftId: string | null }) {
  const { t } = useI18n();
  const { node } = useSession();
  const title = t(draftId ? 'requests.wizard.editTitle' : 'requests.wizard.title');
  usePageTitle(title, node?.name);
  const [loaded, reload] = useAsync(
    async () => {
      const [catalogue, orgs, draft] = await Promise.all([
        api<Catalogue>('GET', '/request-types'),
        api<{ organizations: Organization[] }>('GET', '/organizations'),
        draftId ? api<RequestView>('GET', `/requests/${encodeURIComponent(draftId)}`) : null,
      ]);
      return { catalogue, organizations: orgs.organizations, draft };
    },
    `wizard:${draftId ?? ''}`,
  );
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      <p>{t('requests.wizard.intro')}</p>
      {loaded.status === 'loading' && <Loading />}
      {loaded.status === 'error' && <ErrorMessage error={loaded.error} retry={reload} />}
      {loaded.status === 'done' && (
        <WizardForm
          catalogue={loaded.value.catalogue}
          organizations={loaded.value.organizations}
          initial={
            loaded.value.draft
              ? {
                  id: loaded.value.draft.id,
                  type: loaded.value.draft.type,
                  urgency: loaded.value.draft.urgency,
                  channel: loaded.value.draft.channel,
                  recipient: loaded.value.draft.recipientOrganizationId ?? '',
                  fields: { ...loaded.value.draft.fields },
                }
              : EMPTY
          }
        />
      )}
    </>
  );
}

function useLiveProblems(def: RequestDef | undefined, draft: Draft) {
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
  return { problems, failure };
}

function WizardForm(props: {
  catalogue: Catalogue;
  organizations: readonly Organization[];
  initial: Draft;
}) {
  const { catalogue, organizations } = props;
  const { t } = useI18n();
  const { user } = useSession();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(props.initial);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const types = draftableTypes(user, catalogue);
  const def = catalogue.types.find((d) => d.code === draft.type);
  const { problems, failure: checkFailure } = useLiveProblems(def, draft);
  const recipients = organizations.filter(
    (o) =>
      o.id !== user.organization.id &&
      (def?.recipientKind === 'provider' ? o.sector === 'industry' : o.sector !== 'industry'),
  );
  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = async (): Promise<string> => {
    const body = {
      urgency: draft.urgency || undefined,
      channel: draft.channel || undefined,
      recipientOrganizationId: def?.recipientKind === 'none' ? undefined : draft.recipient || null,
      fields: draft.fields,
    };
    const r = draft.id
      ? await api<RequestView>('PATCH', `/requests/${draft.id}`, body)
      : await api<RequestView>('POST', '/requests', { type: draft.type, ...body });
    setDraft((d) => ({ ...d, id: r.id }));
    return r.id;
  };
  const run = async (submit: boolean) => {
    setFailure(null);
    setBusy(true);
    try {
      const requestId = await save();
      if (submit) {
        await api('POST', `/requests/${requestId}/transitions`, { to: 'pending_approval' });
        navigate(`/requests/${requestId}`);
      } else setSaved(true);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };

  return (
    <form className="form card" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('requests.wizard.type')}</label>
        <select
          id={`${id}-type`}
          value={draft.type}
          disabled={draft.id !== null}
          aria-describedby={`${id}-basis`}
          onChange={(e) =>
            change({ type: e.target.value, urgency: '', channel: '', recipient: '', fields: {} })
          }
        >
          <option value="">{t('requests.wizard.chooseType')}</option>
          {(types.some((d) => d.code === draft.type) || !def ? types : [def, ...types]).map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} — {codeLabel(t, 'type', d.code)}
            </option>
          ))}
        </select>
        <p id={`${id}-basis`} className="hint">
          {def && t('requests.wizard.legalBasis', { basis: def.legalBasis.join(', ') })}
        </p>
      </div>
      {def && (
        <>
          {def.recipientKind === 'none' ? (
            <p>{t('requests.wizard.noRecipient')}</p>
          ) : (
            <div className="field">
              <label htmlFor={`${id}-recipient`}>{t('requests.wizard.recipient')}</label>
              <select
                id={`${id}-recipient`}
                value={draft.recipient}
                onChange={(e) => change({ recipient: e.target.value })}
              >
                <option value="">{t('requests.wizard.chooseRecipient')}</option>
                {recipients.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.country ? ` (${o.country})` : ''}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-urgency`}>{t('requests.wizard.urgency')}</label>
            <select
              id={`${id}-urgency`}
              value={draft.urgency || def.urgencies[0]}
              onChange={(e) => change({ urgency: e.target.value })}
            >
              {def.urgencies.map((u) => (
                <option key={u} value={u}>
                  {codeLabel(t, 'urgency', u)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-channel`}>{t('requests.wizard.channel')}</label>
            <select
              id={`${id}-channel`}
              value={draft.channel || def.channels[0]}
              onChange={(e) => change({ channel: e.target.value })}
            >
              {def.channels.map((c) => (
                <option key={c} value={c}>
                  {codeLabel(t, 'channel', c)}
                </option>
              ))}
            </select>
          </div>
          <FieldList
            def={def}
            draft={draft}
            problems={problems ?? []}
            catalogue={catalogue}
            onChange={(code, v) => change({ fields: { ...draft.fields, [code]: v } })}
          />
          <ProblemSummary
            problems={problems?.filter((p) => !def.fields.some((f) => f.code === p.field)) ?? null}
            count={problems?.length ?? null}
            failure={checkFailure}
          />
        </>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      {saved && (
        <p className="notice notice-success" role="status">
          {t('requests.wizard.saved')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={!def || busy}
          onClick={() => void run(false)}
        >
          {t('requests.wizard.saveDraft')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={!def || busy || problems === null || problems.length > 0}
        >
          {t('requests.wizard.submit')}
        </button>
      </div>
    </form>
  );
}

function FieldList(props: {
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
        return (
          <div key={f.code} className="request-field">
            <FieldInput
              field={f}
              label={`${label} (${t(required ? 'requests.wizard.required' : 'requests.wizard.optional')})`}
              value={draft.fields[f.code]}
              onChange={(v) => onChange(f.code, v)}
              catalogue={catalogue}
              describedBy={describedBy}
              invalid={mine.length > 0}
            />
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
function ProblemSummary(props: {
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
