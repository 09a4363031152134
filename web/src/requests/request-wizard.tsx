import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { actionLabel, codeLabel } from './labels.js';
import {
  draftableTypes,
  parentField,
  submitStep,
  type Catalogue,
  type Organization,
  type RequestView,
} from './requests-api.js';
import { FieldList, ProblemSummary, useLiveProblems, type Draft } from './wizard-fields.js';

const EMPTY: Draft = {
  id: null,
  parentId: null,
  type: '',
  urgency: '',
  channel: '',
  recipient: '',
  fields: {},
};

/** A new request, a child of `?parent=` of type `?type=`, or the draft `?draft=`. */
function initialDraft(catalogue: Catalogue, search: URLSearchParams, draft: RequestView | null) {
  if (draft)
    return {
      id: draft.id,
      // Only a child (R5 of its R4) is bound to its parent; a follow-up names its own recipient.
      parentId: catalogue.types.find((d) => d.code === draft.type)?.parentType
        ? draft.parentId
        : null,
      type: draft.type,
      urgency: draft.urgency,
      channel: draft.channel,
      recipient: draft.recipientOrganizationId ?? '',
      fields: { ...draft.fields },
    };
  const parentId = search.get('parent');
  const def = catalogue.types.find((d) => d.code === search.get('type') && d.parentType);
  const ref = def && parentField(def);
  if (!parentId || !def) return EMPTY;
  return { ...EMPTY, parentId, type: def.code, fields: ref ? { [ref.code]: parentId } : {} };
}

/**
 * The request wizard (issue 7, item 9): a new request, or the draft `draftId`. The form follows
 * the chosen type's definition; every change is checked by `/requests/validate`, whose problems
 * appear next to their field with the article that requires it.
 */
export function RequestWizard({ search }: { search: URLSearchParams }) {
  const draftId = search.get('draft');
  const { t } = useI18n();
  const { node } = useSession();
  const title = t(draftId ? 'requests.wizard.editTitle' : 'requests.wizard.title');
  usePageTitle(title, node?.name);
  const [loaded, reload] = useAsync(async () => {
    const [catalogue, orgs, draft] = await Promise.all([
      api<Catalogue>('GET', '/request-types'),
      api<{ organizations: Organization[] }>('GET', '/request-recipients'),
      draftId ? api<RequestView>('GET', `/requests/${encodeURIComponent(draftId)}`) : null,
    ]);
    return { catalogue, organizations: orgs.organizations, draft };
  }, `wizard:${search.toString()}`);
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
          initial={initialDraft(loaded.value.catalogue, search, loaded.value.draft)}
        />
      )}
    </>
  );
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
  const step = def && submitStep(def);
  const recipients = organizations.filter(
    (o) =>
      o.id !== user.organization.id &&
      (o.node !== null ||
        (def?.recipientKind === 'provider' ? o.sector === 'industry' : o.sector !== 'industry')),
  );
  const here = recipients.filter((o) => o.node === null);
  const elsewhere = recipients.filter((o) => o.node !== null);
  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = async (): Promise<string> => {
    const body = {
      urgency: draft.urgency || undefined,
      channel: draft.channel || undefined,
      recipientOrganizationId:
        def?.recipientKind === 'none' || draft.parentId ? undefined : draft.recipient || null,
      fields: draft.fields,
    };
    const r = draft.id
      ? await api<RequestView>('PATCH', `/requests/${draft.id}`, body)
      : await api<RequestView>('POST', '/requests', {
          type: draft.type,
          ...(draft.parentId ? { parentId: draft.parentId } : {}),
          ...body,
        });
    setDraft((d) => ({ ...d, id: r.id }));
    return r.id;
  };
  const run = async (submit: boolean) => {
    setFailure(null);
    setBusy(true);
    try {
      const requestId = await save();
      if (submit && step) {
        await api('POST', `/requests/${requestId}/transitions`, { to: step.to });
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
          disabled={draft.id !== null || draft.parentId !== null}
          aria-describedby={`${id}-basis`}
          onChange={(e) =>
            change({
              type: e.target.value,
              urgency: '',
              channel: '',
              recipient: '',
              fields: {},
            })
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
          ) : draft.parentId ? (
            <p>{t('requests.wizard.fromParent', { id: draft.parentId })}</p>
          ) : (
            <div className="field">
              <label htmlFor={`${id}-recipient`}>{t('requests.wizard.recipient')}</label>
              <select
                id={`${id}-recipient`}
                value={draft.recipient}
                onChange={(e) => change({ recipient: e.target.value })}
              >
                <option value="">{t('requests.wizard.chooseRecipient')}</option>
                {here.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.country ? ` (${o.country})` : ''}
                  </option>
                ))}
                {elsewhere.length > 0 && (
                  <optgroup label={t('requests.wizard.otherNodes')}>
                    {elsewhere.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                        {o.country ? ` (${o.country})` : ''} — {o.node?.name}
                      </option>
                    ))}
                  </optgroup>
                )}
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
          disabled={!step || busy || problems === null || problems.length > 0}
        >
          {step ? actionLabel(t, step.to) : t('requests.action.pending_approval')}
        </button>
      </div>
    </form>
  );
}
