import { useEffect, useId, useState } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { displayCountry } from '../country.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

type Severity = 'medium' | 'high' | 'critical';

/** An outbreak alert as `GET /api/v1/alerts` returns it. */
interface Alert {
  readonly id: string;
  readonly severity: Severity;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly reportCount: number;
  readonly organisationCount: number;
  readonly countries: readonly string[];
  readonly trigger: {
    readonly code: 'NH_OUTBREAK_SPREAD' | 'NH_OUTBREAK_GROWTH';
    readonly key: { readonly kind: string; readonly value: string };
    readonly params: Readonly<Record<string, number>>;
  };
  readonly acknowledged: { readonly at: string; readonly by: string } | null;
}

const SEVERITY_LABEL: Record<Severity, MessageKey> = {
  medium: 'alerts.severity.medium',
  high: 'alerts.severity.high',
  critical: 'alerts.severity.critical',
};

/** Roles that may acknowledge (the API decides; this only hides the button). */
const ACKNOWLEDGING_ROLES = ['admin', 'analyst', 'contact-point', 'investigator', 'reporter'];

/**
 * The dashboard (issue 5, item 7): the open outbreak alerts the user may read, newest first,
 * refreshed whenever the live stream (`GET /api/v1/stream`) sends an `alert` event — alerts
 * that concern the user's organisation or country — and a summary of "My queue".
 */
export function DashboardPage() {
  const { t } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('dashboard.title'), node?.name);
  const [alerts, reload] = useAsync(
    () => api<{ alerts: Alert[] }>('GET', '/alerts?status=open'),
    'alerts',
  );
  const [queue] = useAsync(
    () => api<{ items: unknown[] }>('GET', '/routing/queue?state=new&limit=500'),
    'queue',
  );
  const announcement = useLiveAlerts(reload);
  const canAcknowledge = ACKNOWLEDGING_ROLES.includes(user.role);
  return (
    <>
      <h1 tabIndex={-1}>{t('dashboard.title')}</h1>
      <p>{t('dashboard.intro')}</p>
      <section aria-labelledby="dashboard-alerts">
        <h2 id="dashboard-alerts">{t('dashboard.alerts')}</h2>
        <p>{t('dashboard.live')}</p>
        <p role="status" data-testid="alert-announcement">
          {announcement ? t('dashboard.announce', { value: announcement }) : ''}
        </p>
        {alerts.status === 'loading' && <Loading />}
        {alerts.status === 'error' && <ErrorMessage error={alerts.error} retry={reload} />}
        {alerts.status === 'done' &&
          (alerts.value.alerts.length === 0 ? (
            <p>{t('dashboard.noAlerts')}</p>
          ) : (
            <ul className="inline-list" data-testid="alerts">
              {alerts.value.alerts.map((a) => (
                <AlertCard key={a.id} alert={a} canAcknowledge={canAcknowledge} onChange={reload} />
              ))}
            </ul>
          ))}
      </section>
      <section aria-labelledby="dashboard-queue">
        <h2 id="dashboard-queue">{t('dashboard.queue')}</h2>
        {queue.status === 'loading' && <Loading />}
        {queue.status === 'error' && <ErrorMessage error={queue.error} />}
        {queue.status === 'done' && (
          <p data-testid="queue-summary">
            {t('dashboard.queueNew', { count: queue.value.items.length })}
          </p>
        )}
        <p>
          <Link to="/queue" className="button">
            {t('dashboard.queueLink')}
          </Link>
        </p>
      </section>
    </>
  );
}

/**
 * Reloads the alerts on every `alert` event of the live stream; returns the value of the latest
 * alert announced, for the status region. The browser's EventSource reconnects by itself.
 */
function useLiveAlerts(reload: () => void): string | null {
  const [latest, setLatest] = useState<string | null>(null);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/stream?types=note');
    source.addEventListener('alert', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as {
          alert: { extensions?: Record<string, { trigger?: { key?: { value?: string } } }> };
        };
        const ext = Object.values(data.alert.extensions ?? {})[0];
        setLatest(ext?.trigger?.key?.value ?? null);
      } catch {
        setLatest(null);
      }
      reload();
    });
    return () => source.close();
  }, [reload]);
  return latest;
}

function AlertCard({
  alert,
  canAcknowledge,
  onChange,
}: {
  alert: Alert;
  canAcknowledge: boolean;
  onChange: () => void;
}) {
  const { t, lang, formatDateTime, formatNumber } = useI18n();
  const id = useId();
  const [failure, setFailure] = useState<unknown>(null);
  const acknowledge = async () => {
    setFailure(null);
    try {
      await api('POST', `/alerts/${encodeURIComponent(alert.id)}/acknowledge`);
      onChange();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <li className="card" aria-labelledby={`${id}-h`} data-testid="alert">
      <h3 id={`${id}-h`}>
        <Link to={`/objects/${encodeURIComponent(alert.id)}`}>{alert.trigger.key.value}</Link>
      </h3>
      <p>
        <strong>{t('alerts.severity', { severity: t(SEVERITY_LABEL[alert.severity]) })}</strong>
      </p>
      <p>{t(`alerts.trigger.${alert.trigger.code}`, alert.trigger.params)}</p>
      <p>
        {t('alerts.counts', {
          reports: formatNumber(alert.reportCount),
          organisations: formatNumber(alert.organisationCount),
        })}
      </p>
      <p>
        {t('alerts.countries', {
          countries: alert.countries.map((c) => displayCountry(c, lang)).join(', '),
        })}
      </p>
      <p>
        {t('alerts.seen', {
          first: formatDateTime(alert.firstSeen),
          last: formatDateTime(alert.lastSeen),
        })}
      </p>
      {failure !== null && <ErrorMessage error={failure} />}
      {alert.acknowledged ? (
        <p>
          {t('alerts.acknowledged', {
            by: alert.acknowledged.by,
            time: formatDateTime(alert.acknowledged.at),
          })}
        </p>
      ) : (
        canAcknowledge && (
          <div className="actions">
            <button type="button" className="button" onClick={() => void acknowledge()}>
              {t('alerts.acknowledge')}
            </button>
          </div>
        )
      )}
    </li>
  );
}
