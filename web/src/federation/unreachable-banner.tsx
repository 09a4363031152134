import { useI18n } from '../i18n/i18n.js';
import type { PeerView } from './peer.types.js';
import type { UnreachableNotice } from './use-peers.js';

/**
 * The alert of issue 6 item 7: every peer unreachable for longer than the node's set time
 * (`health.unreachableAlert`), and the latest `peer.unreachable` from the live stream (until the
 * list shows that peer reachable again). It is an ARIA alert, so screen readers announce it when
 * it appears.
 */
export function UnreachableBanner(props: {
  peers: readonly PeerView[];
  justUnreachable: UnreachableNotice | null;
}) {
  const { t, formatDateTime } = useI18n();
  const down = props.peers.filter((p) => p.health.unreachableAlert);
  const notice = props.justUnreachable;
  // The live notice stands until a later list shows that peer reachable again.
  const recovered = props.peers.some(
    (p) => p.nodeId === notice?.nodeId && p.health.unreachableSince === null,
  );
  const live = notice && !recovered ? notice.name : null;
  return (
    <div role="alert" data-testid="unreachable-banner">
      {(down.length > 0 || live) && (
        <div className="notice notice-error unreachable-banner">
          <p>
            <strong>{t('federation.unreachable.title')}</strong>
          </p>
          {live && <p>{t('federation.unreachable.live', { name: live })}</p>}
          {down.length > 0 && (
            <ul>
              {down.map((p) => (
                <li key={p.nodeId}>
                  {t('federation.unreachable.peer', {
                    name: p.name,
                    since: p.health.unreachableSince
                      ? formatDateTime(p.health.unreachableSince)
                      : t('federation.never'),
                  })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
