import { useId, useState } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

type State = 'new' | 'acknowledged' | 'actioned' | 'rejected';

/** A routed item as `/api/v1/routing/queue` returns it. */
interface Item {
  readonly id: string;
  readonly object_id: string;
  readonly finding: { readonly type: string; readonly value: string } | null;
  readonly contact: { readonly name: string };
  readonly state: State;
  readonly reasons: readonly {
    readonly code: string;
    readonly params: Readonly<Record<string, string | number>>;
  }[];
  readonly routed_at: string;
  readonly rejected: { readonly reason: string } | null;
}

const STATE_LABEL: Record<State, MessageKey> = {
  new: 'queue.state.new',
  acknowledged: 'queue.state.acknowledged',
  actioned: 'queue.state.actioned',
  rejected: 'queue.state.rejected',
};

const REASON_LABEL: Record<string, MessageKey> = {
  'abuse-network': 'routing.reason.abuse-network',
  'abuse-asn': 'routing.reason.abuse-asn',
  'abuse-domain': 'routing.reason.abuse-domain',
  'poc-infrastructure': 'routing.reason.poc-infrastructure',
  'poc-victim': 'routing.reason.poc-victim',
  'cert-sector': 'routing.reason.cert-sector',
};

/** Roles that act on their organisation's queue (the API decides; this only hides buttons). */
const ACTING_ROLES = ['admin', 'analyst', 'contact-point', 'investigator'];

/**
 * "My queue" (issue 5, item 4): the findings routed to the user's organisation, each with why
 * it was routed here, and buttons to acknowledge, mark actioned, or reject with a reason.
 */
export function QueuePage() {
  const { t } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('queue.title'), node?.name);
  const [state, reload] = useAsync(() => api<{ items: Item[] }>('GET', '/routing/queue'), 'queue');
  const canAct = ACTING_ROLES.includes(user.role);
  return (
    <>
      <h1 tabIndex={-1}>{t('queue.title')}</h1>
      <p>{t('queue.intro')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={reload} />}
      {state.status === 'done' &&
        (state.value.items.length === 0 ? (
          <p>{t('queue.empty')}</p>
        ) : (
          <ul className="inline-list">
            {state.value.items.map((item) => (
              <QueueItem key={item.id} item={item} canAct={canAct} onChange={reload} />
            ))}
          </ul>
        ))}
    </>
  );
}

function QueueItem({
  item,
  canAct,
  onChange,
}: {
  item: Item;
  canAct: boolean;
  onChange: () => void;
}) {
  const { t, formatDateTime } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const act = async (action: 'acknowledge' | 'action' | 'reject') => {
    setFailure(null);
    try {
      await api(
        'POST',
        `/routing/queue/${encodeURIComponent(item.id)}/${action}`,
        action === 'reject' ? { reason } : undefined,
      );
      onChange();
    } catch (err) {
      setFailure(err);
    }
  };
  const title = item.finding ? item.finding.value : t('queue.withheld');
  const open = item.state === 'new' || item.state === 'acknowledged';
  return (
    <li className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        <Link to={`/objects/${encodeURIComponent(item.object_id)}`}>{title}</Link>
      </h2>
      <p>
        {t('queue.stateIs', { state: t(STATE_LABEL[item.state]) })} ·{' '}
        {t('queue.routedAt', { time: formatDateTime(item.routed_at) })}
      </p>
      {item.reasons.length > 0 && (
        <ul aria-label={t('queue.why')}>
          {item.reasons.map((r, i) => (
            <li key={i}>
              {REASON_LABEL[r.code]
                ? t('routing.routedTo', {
                    contact: item.contact.name,
                    reason: t(REASON_LABEL[r.code]!, r.params),
                  })
                : r.code}
            </li>
          ))}
        </ul>
      )}
      {item.rejected && <p>{t('queue.rejectedBecause', { reason: item.rejected.reason })}</p>}
      {failure !== null && <ErrorMessage error={failure} />}
      {canAct && open && (
        <div className="actions">
          {item.state === 'new' && (
            <button type="button" className="button" onClick={() => void act('acknowledge')}>
              {t('queue.acknowledge')}
            </button>
          )}
          {item.state === 'acknowledged' && (
            <button type="button" className="button" onClick={() => void act('action')}>
              {t('queue.action')}
            </button>
          )}
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('queue.rejectReason')}</label>
            <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="button" className="button button-danger" onClick={() => void act('reject')}>
            {t('queue.reject')}
          </button>
        </div>
      )}
    </li>
  );
}
