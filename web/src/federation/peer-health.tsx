import { formatDuration } from '../coverage/duration.js';
import { displayCountry } from '../country.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import type { PeerHealth, PeerState, PeerView } from './peer.types.js';

/** Small displays of a peer's state and health, shared by the table and the detail page. */

const STATE_LABEL: Record<PeerState, MessageKey> = {
  requested: 'federation.state.requested',
  'awaiting-remote': 'federation.state.awaiting-remote',
  active: 'federation.state.active',
  suspended: 'federation.state.suspended',
  removed: 'federation.state.removed',
};

export function stateLabel(state: PeerState): MessageKey {
  return STATE_LABEL[state];
}

/** The state as a badge whose colour and text both say it (never colour alone). */
export function StateBadge({ state }: { state: PeerState }) {
  const { t } = useI18n();
  return (
    <span className={`peer-state peer-state-${state}`} data-state={state}>
      {t(STATE_LABEL[state])}
    </span>
  );
}

/** Lag in items and time, humanised: "Up to date", "1,204 items · 3 min behind". */
export function Lag({ health }: { health: PeerHealth }) {
  const { t, lang, formatNumber } = useI18n();
  const { lagItems, lagSeconds } = health;
  if (lagItems === null && lagSeconds === null) return <>{t('federation.lag.unknown')}</>;
  if ((lagItems ?? 0) === 0 && (lagSeconds ?? 0) === 0) return <>{t('federation.lag.none')}</>;
  const parts: string[] = [];
  if (lagItems !== null) parts.push(t('federation.lag.items', { items: formatNumber(lagItems) }));
  if (lagSeconds !== null) {
    parts.push(
      t('federation.lag.time', { duration: formatDuration(Math.round(lagSeconds), lang) }),
    );
  }
  return <>{parts.join(' · ')}</>;
}

export function When({ at }: { at: string | null }) {
  const { t, formatDateTime } = useI18n();
  return at === null ? (
    <>{t('federation.never')}</>
  ) : (
    <time dateTime={at}>{formatDateTime(at)}</time>
  );
}

const SHORT_ERROR = 80;

/** The last error, cut short; the whole text one click (or Enter) away. */
export function LastError({ health }: { health: PeerHealth }) {
  const { t, formatDateTime } = useI18n();
  const { lastError, lastErrorAt } = health;
  if (lastError === null) return <>{t('federation.noError')}</>;
  const when = lastErrorAt
    ? `${t('federation.errorAt', { time: formatDateTime(lastErrorAt) })} `
    : '';
  if (lastError.length <= SHORT_ERROR) {
    return (
      <span className="peer-error">
        {when}
        {lastError}
      </span>
    );
  }
  return (
    <details className="peer-error" title={lastError}>
      <summary>
        {when}
        {lastError.slice(0, SHORT_ERROR)}…{' '}
        <span className="visually-hidden">{t('federation.showError')}</span>
      </summary>
      <p className="prewrap long">{lastError}</p>
    </details>
  );
}

/** Name, operating organisation and country of a peer. */
export function PeerName({ peer }: { peer: PeerView }) {
  const { lang } = useI18n();
  return (
    <>
      <span className="peer-name">{peer.name}</span>
      <span className="peer-org">
        {peer.organization.name} · {displayCountry(peer.country, lang)}
      </span>
    </>
  );
}
