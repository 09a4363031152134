import { useRef, useState } from 'react';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { AddPeer } from './add-peer.js';
import { NodeCard } from './node-card.js';
import { PeerDetail } from './peer-detail.js';
import { stateLabel } from './peer-health.js';
import { PeerTable } from './peer-table.js';
import type { PeerView } from './peer.types.js';
import { UnreachableBanner } from './unreachable-banner.js';
import { useFocusOnce } from './use-focus-once.js';
import { usePeers } from './use-peers.js';
import './federation.css';

/**
 * The federation page (issue 6 item 7), administrators only: `/federation` shows this node, the
 * peers with their health and the form to add one; `/federation?peer=<node id>` one peer. (The
 * peer is a query parameter: paths under `/federation/` belong to the node-to-node API.)
 */
export function FederationPage({ peer }: { peer: string | null }) {
  const { t } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('federation.title'), node?.name);
  if (user.role !== 'admin') {
    return (
      <>
        <h1 tabIndex={-1}>{t('federation.title')}</h1>
        <p>{t('federation.adminsOnly')}</p>
      </>
    );
  }
  return <FederationView peer={peer} />;
}

/**
 * The overview or one peer. Moving between them changes only the query, so the app's focus
 * move (on a new path) does not happen: the heading of the view shown is focused here instead.
 */
function FederationView({ peer }: { peer: string | null }) {
  const shown = useRef(peer);
  const moved = useRef(false);
  if (shown.current !== peer) {
    shown.current = peer;
    moved.current = true;
  }
  if (peer) return <PeerDetail key={peer} nodeId={peer} focusHeading={moved.current} />;
  return <FederationOverview focusHeading={moved.current} />;
}

function FederationOverview({ focusHeading }: { focusHeading: boolean }) {
  const { t, formatDateTime } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnce(heading, focusHeading, true);
  const { peers, reload, fetchedAt, justUnreachable } = usePeers();
  const [accepting, setAccepting] = useState<PeerView | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const list = peers.status === 'done' ? peers.value.peers : [];
  const onAdded = (peer: PeerView) => {
    setAccepting(null);
    setAdded(t('federation.added', { name: peer.name, state: t(stateLabel(peer.state)) }));
    reload();
  };
  return (
    <div className="federation-overview">
      <h1 tabIndex={-1} ref={heading}>
        {t('federation.title')}
      </h1>
      <p>{t('federation.intro')}</p>
      <UnreachableBanner peers={list} justUnreachable={justUnreachable} />
      <NodeCard />
      <section aria-labelledby="federation-peers">
        <h2 id="federation-peers">{t('federation.peers.title')}</h2>
        {list.some((p) => p.state === 'requested') && (
          <p className="notice notice-info">{t('federation.requested.notice')}</p>
        )}
        <div role="status" data-testid="federation-status">
          {added && <p className="notice notice-success">{added}</p>}
        </div>
        {peers.status === 'loading' && <Loading />}
        {peers.status === 'error' && <ErrorMessage error={peers.error} retry={reload} />}
        {peers.status === 'done' &&
          (list.length === 0 ? (
            <p>{t('federation.peers.empty')}</p>
          ) : (
            <PeerTable
              peers={list}
              onAccept={(p) => {
                setAdded(null);
                setAccepting(p);
                document.getElementById('federation-add')?.scrollIntoView();
              }}
            />
          ))}
        {fetchedAt && (
          <p className="hint">
            {t('federation.peers.refreshed', { time: formatDateTime(fetchedAt) })}
          </p>
        )}
      </section>
      <div id="federation-add">
        <AddPeer accepting={accepting} onDone={onAdded} onCancelAccept={() => setAccepting(null)} />
      </div>
    </div>
  );
}
