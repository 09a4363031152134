import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { LastError, Lag, PeerName, StateBadge, When } from './peer-health.js';
import type { PeerView } from './peer.types.js';

export const peerHref = (nodeId: string) => `/federation?peer=${encodeURIComponent(nodeId)}`;

/**
 * Every peer with its state, lag, last success, last error and counters (issue 6 item 7). A
 * peer that asks to peer (`requested`) is highlighted and offers "Accept".
 */
export function PeerTable(props: {
  peers: readonly PeerView[];
  onAccept: (peer: PeerView) => void;
}) {
  const { peers, onAccept } = props;
  const { t, formatNumber } = useI18n();
  return (
    <div className="table-scroll">
      <table className="table peer-table" data-testid="peers">
        <caption>{t('federation.peers.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('federation.col.peer')}</th>
            <th scope="col">{t('federation.col.state')}</th>
            <th scope="col">{t('federation.col.lag')}</th>
            <th scope="col">{t('federation.col.lastSuccess')}</th>
            <th scope="col">{t('federation.col.lastError')}</th>
            <th scope="col" className="num">
              {t('federation.col.sent')}
            </th>
            <th scope="col" className="num">
              {t('federation.col.received')}
            </th>
            <th scope="col" className="num">
              {t('federation.col.refused')}
            </th>
            <th scope="col">{t('federation.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {peers.map((p) => (
            <tr
              key={p.nodeId}
              className={p.state === 'requested' ? 'peer-requested' : undefined}
              data-node-id={p.nodeId}
            >
              <th scope="row">
                <PeerName peer={p} />
              </th>
              <td>
                <StateBadge state={p.state} />
              </td>
              <td>
                <Lag health={p.health} />
              </td>
              <td>
                <When at={p.health.lastSuccessAt} />
              </td>
              <td>
                <LastError health={p.health} />
              </td>
              <td className="num">{formatNumber(p.health.itemsSent)}</td>
              <td className="num">{formatNumber(p.health.itemsReceived)}</td>
              <td className="num">{formatNumber(p.health.itemsRefused)}</td>
              <td>
                <div className="peer-actions">
                  {p.state === 'requested' && (
                    <button
                      type="button"
                      className="button button-primary button-small"
                      aria-label={t('federation.acceptLabel', { name: p.name })}
                      onClick={() => onAccept(p)}
                    >
                      {t('federation.accept')}
                    </button>
                  )}
                  <Link
                    to={peerHref(p.nodeId)}
                    className="button button-small"
                    aria-label={t('federation.detailsLabel', { name: p.name })}
                  >
                    {t('federation.details')}
                  </Link>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
