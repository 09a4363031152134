import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { displayCountry } from '../country.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate } from '../router.js';
import { useAsync } from '../use-async.js';
import { ConfirmPeer } from './confirm-peer.js';
import { DescriptorFactList } from './descriptor-facts.js';
import { useFocusOnce } from './use-focus-once.js';
import { peerApi } from './peer-api.js';
import { LastError, Lag, StateBadge, When, stateLabel } from './peer-health.js';
import { PeerActions } from './peer-actions.js';
import { PolicyFields } from './policy-fields.js';
import type { PeerPolicy, PeerView } from './peer.types.js';
import { REFRESH_MS } from './use-peers.js';

/** One peer: its descriptor, the organisations it hosts, its exchanges, policy and actions. */
export function PeerDetail({ nodeId, focusHeading }: { nodeId: string; focusHeading: boolean }) {
  const { t } = useI18n();
  const [peer, reload] = useAsync(() => peerApi.get(nodeId), `peer:${nodeId}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnce(heading, focusHeading, peer.status !== 'loading');
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const back = (
    <p className="breadcrumb">
      <Link to="/federation">{t('federation.detail.back')}</Link>
    </p>
  );
  if (peer.status === 'loading')
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (peer.status === 'error') {
    const notFound = peer.error instanceof ApiError && peer.error.status === 404;
    return (
      <>
        {back}
        <h1 tabIndex={-1} ref={heading}>
          {t('federation.title')}
        </h1>
        {notFound ? (
          <p>{t('federation.detail.notFound')}</p>
        ) : (
          <ErrorMessage error={peer.error} retry={reload} />
        )}
      </>
    );
  }
  const p = peer.value;
  const changed = (message: string) => {
    setStatus(message);
    reload();
  };
  return (
    <div className="peer-detail">
      {back}
      <h1 tabIndex={-1} ref={heading}>
        {p.name} <StateBadge state={p.state} />
      </h1>
      <div role="status" className="peer-status" data-testid="peer-status">
        {status && <p className="notice notice-success">{status}</p>}
      </div>
      <div className="detail-columns">
        <Facts peer={p} />
        <Health peer={p} />
      </div>
      {p.state === 'requested' && (
        <section className="card">
          <ConfirmPeer
            candidate={{ kind: 'requested', peer: p }}
            onCancel={() => navigate('/federation')}
            onAdded={(added) =>
              changed(
                t('federation.added', { name: added.name, state: t(stateLabel(added.state)) }),
              )
            }
          />
        </section>
      )}
      {p.state !== 'requested' && p.state !== 'removed' && (
        <PolicyEditor key={p.nodeId} peer={p} onSaved={changed} />
      )}
      {p.state !== 'removed' && <PeerActions peer={p} onDone={changed} />}
    </div>
  );
}

function Facts({ peer }: { peer: PeerView }) {
  const { t, lang, formatDateTime } = useI18n();
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('federation.detail.descriptor')}</h2>
      <DescriptorFactList
        facts={peer}
        after={
          <>
            <dt>{t('federation.node.fingerprint')}</dt>
            <dd>
              <code className="long">{peer.fingerprint}</code>
            </dd>
            <dt>{t('federation.detail.addedAt')}</dt>
            <dd>{formatDateTime(peer.addedAt)}</dd>
            <dt>{t('federation.detail.updatedAt')}</dt>
            <dd>{formatDateTime(peer.updatedAt)}</dd>
          </>
        }
      />
      <h3>{t('federation.detail.organizations')}</h3>
      {peer.organizations.length === 0 ? (
        <p>{t('federation.detail.noOrganizations')}</p>
      ) : (
        <ul>
          {peer.organizations.map((o) => (
            <li key={o.id}>
              {o.name} · {displayCountry(o.country, lang)} <code className="long">{o.id}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Health({ peer }: { peer: PeerView }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const id = useId();
  const h = peer.health;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('federation.detail.health')}</h2>
      {h.unreachableAlert && h.unreachableSince && (
        <p className="notice notice-error">
          {t('federation.unreachable.peer', {
            name: peer.name,
            since: formatDateTime(h.unreachableSince),
          })}
        </p>
      )}
      <dl className="facts">
        <dt>{t('federation.col.lag')}</dt>
        <dd>
          <Lag health={h} />
        </dd>
        <dt>{t('federation.col.lastSuccess')}</dt>
        <dd>
          <When at={h.lastSuccessAt} />
        </dd>
        <dt>{t('federation.col.lastError')}</dt>
        <dd>
          <LastError health={h} />
        </dd>
        <dt>{t('federation.col.sent')}</dt>
        <dd>{formatNumber(h.itemsSent)}</dd>
        <dt>{t('federation.col.received')}</dt>
        <dd>{formatNumber(h.itemsReceived)}</dd>
        <dt>{t('federation.col.refused')}</dt>
        <dd>{formatNumber(h.itemsRefused)}</dd>
      </dl>
    </section>
  );
}

function PolicyEditor({ peer, onSaved }: { peer: PeerView; onSaved: (message: string) => void }) {
  const { t } = useI18n();
  const [policy, setPolicy] = useState<PeerPolicy>(peer.policy);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      await peerApi.setPolicy(peer.nodeId, policy);
      onSaved(t('federation.policy.saved'));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const errors =
    failure instanceof ApiError
      ? failure.details.map((d) => `${d.path.replace(/^body\/?/, '')}: ${d.message}`)
      : [];
  return (
    <form className="form card" onSubmit={save} noValidate>
      {failure !== null && <ErrorMessage error={failure} />}
      <PolicyFields value={policy} onChange={setPolicy} errors={errors} />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('federation.policy.save')}
      </button>
    </form>
  );
}
