import { useId } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { SealedField } from '../privacy/sealed-field.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { DeadlineClock, useNow } from './deadline-clock.js';
import { FieldValue } from './field-value.js';
import { codeLabel } from './labels.js';
import { RequestActions } from './request-actions.js';
import { RequestTimeline } from './request-timeline.js';
import {
  childTypes,
  type Catalogue,
  isSealed,
  type FieldDef,
  type Organization,
  type RequestDetail,
} from './requests-api.js';
import './requests.css';

/** One request: what is asked, its clocks, its timeline and what the user may do next. */
export function RequestPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { node, user } = useSession();
  const headingId = useId();
  const now = useNow();
  const path = `/requests/${encodeURIComponent(id)}`;
  const [loaded, reload] = useAsync(async () => {
    const [request, catalogue, orgs] = await Promise.all([
      api<RequestDetail>('GET', path),
      api<Catalogue>('GET', '/request-types'),
      api<{ organizations: Organization[] }>('GET', '/request-recipients'),
    ]);
    return { request, catalogue, organizations: orgs.organizations };
  }, path);
  const heading =
    loaded.status === 'done'
      ? `${loaded.value.request.type} — ${codeLabel(t, 'type', loaded.value.request.type)}`
      : t('requests.title');
  usePageTitle(heading, node?.name);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <ErrorMessage error={loaded.error} retry={reload} />;
  const { request: r, catalogue, organizations } = loaded.value;
  const def = catalogue.types.find((d) => d.code === r.type);
  const nameOf = (org: string | null) =>
    organizations.find((o) => o.id === org)?.name ?? org ?? '—';
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/requests?box=${r.side === 'requester' ? 'outbox' : 'inbox'}`}>
          {t('requests.title')}
        </Link>
      </p>
      <h1 tabIndex={-1}>{heading}</h1>
      <dl className="props">
        <div className="prop">
          <dt className="prop-key">{t('requests.col.state')}</dt>
          <dd>
            <strong>{codeLabel(t, 'state', r.state)}</strong> — {t(`requests.page.side.${r.side}`)}
          </dd>
        </div>
        <div className="prop">
          <dt className="prop-key">{t('requests.page.from')}</dt>
          <dd>{nameOf(r.requesterOrganizationId)}</dd>
        </div>
        <div className="prop">
          <dt className="prop-key">{t('requests.page.to')}</dt>
          <dd>{nameOf(r.recipientOrganizationId)}</dd>
        </div>
        <div className="prop">
          <dt className="prop-key">{t('requests.col.urgency')}</dt>
          <dd>
            {codeLabel(t, 'urgency', r.urgency)} · {codeLabel(t, 'channel', r.channel)}
            {def && <> · {t('requests.wizard.legalBasis', { basis: def.legalBasis.join(', ') })}</>}
          </dd>
        </div>
        <div className="prop">
          <dt className="prop-key">{t('requests.col.deadline')}</dt>
          <dd>
            <DeadlineClock deadline={r.nextDeadline} overdue={r.overdue} now={now} />
          </dd>
        </div>
      </dl>
      {r.state === 'draft' && r.side === 'requester' && (
        <p>
          <Link to={`/requests/new?draft=${r.id}`}>{t('requests.page.editDraft')}</Link>
        </p>
      )}
      {def && <RequestActions request={r} def={def} catalogue={catalogue} onDone={reload} />}
      {childTypes(user, catalogue, r).map((child) => (
        <p key={child.code}>
          <Link to={`/requests/new?parent=${r.id}&type=${child.code}`}>
            {t('requests.page.newChild', {
              type: `${child.code} — ${codeLabel(t, 'type', child.code)}`,
            })}
          </Link>
        </p>
      ))}
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t('requests.page.fields')}</h2>
        <dl className="props">
          {(def?.fields ?? [])
            .filter((f) => r.fields[f.code] !== undefined)
            .map((f) => (
              <div className="prop" key={f.code}>
                <dt className="prop-key">
                  {codeLabel(t, 'field', f.code)} <span className="hint">({f.article})</span>
                </dt>
                <dd>
                  <RequestField
                    requestId={r.id}
                    field={f}
                    value={r.fields[f.code]}
                    catalogue={catalogue}
                  />
                </dd>
              </div>
            ))}
        </dl>
      </section>
      <RequestTimeline requestId={r.id} timeline={r.timeline} />
    </>
  );
}

/** A field's value, or a personal one sealed with its "Open" action (issue 8, item 2). */
function RequestField(props: {
  requestId: string;
  field: FieldDef;
  value: unknown;
  catalogue: Catalogue;
}) {
  const { t } = useI18n();
  const { requestId, field, value, catalogue } = props;
  if (!isSealed(value)) return <FieldValue field={field} value={value} catalogue={catalogue} />;
  return (
    <SealedField
      resource="request"
      id={requestId}
      field={field.code}
      category={value.category}
      label={codeLabel(t, 'field', field.code)}
    />
  );
}
