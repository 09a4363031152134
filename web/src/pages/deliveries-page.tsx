import { useState } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

/** A delivery as `GET /api/v1/deliveries` returns it. */
interface Delivery {
  readonly id: string;
  readonly channel: 'webhook' | 'email';
  readonly address: string;
  readonly kind: 'routed-item' | 'alert';
  readonly attempts: number;
  readonly last_error: string | null;
  readonly updated_at: string;
}

const CHANNEL: Record<Delivery['channel'], MessageKey> = {
  webhook: 'deliveries.channel.webhook',
  email: 'deliveries.channel.email',
};
const KIND: Record<Delivery['kind'], MessageKey> = {
  'routed-item': 'deliveries.kind.routed-item',
  alert: 'deliveries.kind.alert',
};

/**
 * Dead letters of webhook and e-mail notifications (issue 5: "an SMTP server that refuses is
 * retried and then dead-lettered, visible in the UI"), admins only, each with a retry button.
 */
export function DeliveriesPage() {
  const { t, formatDateTime } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('deliveries.title'), node?.name);
  const isAdmin = user.role === 'admin';
  const [list, reload] = useAsync(
    () =>
      isAdmin
        ? api<{ deliveries: Delivery[] }>('GET', '/deliveries?state=dead')
        : Promise.resolve({ deliveries: [] }),
    'deliveries',
  );
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  if (!isAdmin) {
    return (
      <>
        <h1 tabIndex={-1}>{t('deliveries.title')}</h1>
        <p>{t('deliveries.adminsOnly')}</p>
      </>
    );
  }
  const retry = async (d: Delivery) => {
    setDone(null);
    setFailure(null);
    try {
      await api('POST', `/deliveries/${encodeURIComponent(d.id)}/retry`);
      setDone(t('deliveries.retried', { address: d.address }));
      reload();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('deliveries.title')}</h1>
      <p>{t('deliveries.intro')}</p>
      <div role="status">{done}</div>
      {failure !== null && <ErrorMessage error={failure} />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' &&
        (list.value.deliveries.length === 0 ? (
          <p>{t('deliveries.empty')}</p>
        ) : (
          <table className="table">
            <caption>{t('deliveries.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deliveries.recipient')}</th>
                <th scope="col">{t('deliveries.channel')}</th>
                <th scope="col">{t('deliveries.about')}</th>
                <th scope="col">{t('deliveries.attempts')}</th>
                <th scope="col">{t('deliveries.error')}</th>
                <th scope="col">{t('deliveries.when')}</th>
                <th scope="col">{t('deliveries.action')}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.deliveries.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.address}</th>
                  <td>{t(CHANNEL[d.channel])}</td>
                  <td>{t(KIND[d.kind])}</td>
                  <td>{d.attempts}</td>
                  <td>{d.last_error}</td>
                  <td>{formatDateTime(d.updated_at)}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      aria-label={t('deliveries.retryLabel', { address: d.address })}
                      onClick={() => void retry(d)}
                    >
                      {t('deliveries.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
