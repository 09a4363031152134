import { useId, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { DeadlineClock, useNow } from './deadline-clock.js';
import { codeLabel } from './labels.js';
import {
  byNearestDeadline,
  draftableTypes,
  type Catalogue,
  type Organization,
  type RequestView,
} from './requests-api.js';
import './requests.css';

export type Box = 'inbox' | 'outbox' | 'provider';
const BOXES: readonly Box[] = ['inbox', 'outbox', 'provider'];

export function boxOf(value: string | null): Box {
  return BOXES.find((b) => b === value) ?? 'inbox';
}

/**
 * Inbox, outbox and provider inbox (issue 7, items 6 and 9): the organisation's requests with
 * their deadline clocks, nearest deadline first, overdue ones highlighted, filtered by state
 * and type.
 */
export function RequestsPage({ search }: { search: URLSearchParams }) {
  const { t } = useI18n();
  const { node, user } = useSession();
  const box = boxOf(search.get('box'));
  const state = search.get('state') ?? '';
  const type = search.get('type') ?? '';
  usePageTitle(`${t('requests.title')} — ${t(`requests.box.${box}`)}`, node?.name);
  const query = withQuery('/requests', {
    box,
    state: state || undefined,
    type: type || undefined,
  });
  const [list, reload] = useAsync(async () => {
    const [requests, catalogue, orgs] = await Promise.all([
      api<{ requests: RequestView[] }>('GET', query),
      api<Catalogue>('GET', '/request-types'),
      api<{ organizations: Organization[] }>('GET', '/request-recipients'),
    ]);
    return { requests: requests.requests, catalogue, organizations: orgs.organizations };
  }, query);
  const boxes = BOXES.filter((b) => b !== 'provider' || user.organization.sector === 'industry');
  return (
    <>
      <h1 tabIndex={-1}>{t('requests.title')}</h1>
      <p>{t(box === 'provider' ? 'requests.providerIntro' : 'requests.intro')}</p>
      <nav aria-label={t('requests.boxes')}>
        <ul className="inline-list request-boxes">
          {boxes.map((b) => (
            <li key={b}>
              <Link to={`/requests?box=${b}`} aria-current={b === box ? 'page' : undefined}>
                {t(`requests.box.${b}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' && (
        <>
          {draftableTypes(user, list.value.catalogue).length > 0 && (
            <p>
              <Link to="/requests/new" className="button button-primary">
                {t('requests.new')}
              </Link>
            </p>
          )}
          <Filters box={box} state={state} type={type} catalogue={list.value.catalogue} />
          <RequestTable
            requests={list.value.requests}
            organizations={list.value.organizations}
            caption={t(`requests.box.${box}`)}
          />
        </>
      )}
    </>
  );
}

function Filters(props: { box: Box; state: string; type: string; catalogue: Catalogue }) {
  const { t } = useI18n();
  const id = useId();
  const [state, setState] = useState(props.state);
  const [type, setType] = useState(props.type);
  const states = [
    ...new Set(
      props.catalogue.types
        .filter((d) => !type || d.code === type)
        .flatMap((d) => d.states.map((s) => s.code)),
    ),
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(
      withQuery('/requests', {
        box: props.box,
        state: state || undefined,
        type: type || undefined,
      }),
    );
  };
  return (
    <form className="filters" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('requests.filter.type')}</label>
        <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">{t('requests.filter.any')}</option>
          {props.catalogue.types.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} — {codeLabel(t, 'type', d.code)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-state`}>{t('requests.filter.state')}</label>
        <select id={`${id}-state`} value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">{t('requests.filter.any')}</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {codeLabel(t, 'state', s)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t('requests.filter.apply')}
      </button>
    </form>
  );
}

function RequestTable(props: {
  requests: readonly RequestView[];
  organizations: readonly Organization[];
  caption: string;
}) {
  const { t, formatDateTime } = useI18n();
  const now = useNow();
  if (props.requests.length === 0) return <p>{t('requests.empty')}</p>;
  const nameOf = (id: string | null) =>
    props.organizations.find((o) => o.id === id)?.name ?? id ?? '—';
  return (
    <div className="table-scroll">
      <table className="table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('requests.col.type')}</th>
            <th scope="col">{t('requests.col.state')}</th>
            <th scope="col">{t('requests.col.counterpart')}</th>
            <th scope="col">{t('requests.col.urgency')}</th>
            <th scope="col">{t('requests.col.deadline')}</th>
            <th scope="col">{t('requests.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {[...props.requests].sort(byNearestDeadline).map((r) => (
            <tr key={r.id} className={r.overdue ? 'request-overdue' : undefined}>
              <th scope="row">
                <Link to={`/requests/${r.id}`}>
                  {r.type} — {codeLabel(t, 'type', r.type)}
                </Link>
              </th>
              <td>{codeLabel(t, 'state', r.state)}</td>
              <td>
                {nameOf(
                  r.side === 'requester' ? r.recipientOrganizationId : r.requesterOrganizationId,
                )}
              </td>
              <td>{codeLabel(t, 'urgency', r.urgency)}</td>
              <td>
                <DeadlineClock deadline={r.nextDeadline} overdue={r.overdue} now={now} />
              </td>
              <td>{formatDateTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
