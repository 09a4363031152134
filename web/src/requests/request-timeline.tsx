import { useId, useState } from 'react';
import { downloadFile } from '../cases/cases-api.js';
import { ErrorMessage } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { codeLabel } from './labels.js';
import type { Timeline } from './requests-api.js';

/**
 * A request's history (issue 7, items 3–5): every transition with its actor, time, reason and
 * ground; the legal clocks; reminders and escalations; the documents of its data packages; and
 * the delivery of its messages to the other party.
 */
export function RequestTimeline({
  requestId,
  timeline,
}: {
  requestId: string;
  timeline: Timeline;
}) {
  const { t, formatDateTime } = useI18n();
  const id = useId();
  return (
    <>
      <section aria-labelledby={`${id}-tl`}>
        <h2 id={`${id}-tl`}>{t('requests.page.timeline')}</h2>
        <ol className="request-timeline">
          {timeline.transitions.map((s) => (
            <li key={s.seq}>
              <strong>
                {s.from === null
                  ? t('requests.page.created')
                  : t('requests.page.transition', {
                      from: codeLabel(t, 'state', s.from),
                      to: codeLabel(t, 'state', s.to),
                    })}
              </strong>{' '}
              — <time dateTime={s.at}>{formatDateTime(s.at)}</time> — {s.actor}
              {s.ground && (
                <> — {t('requests.page.ground', { ground: codeLabel(t, 'ground', s.ground) })}</>
              )}
              {s.reason && <> — {t('requests.page.reason', { reason: s.reason })}</>}
            </li>
          ))}
        </ol>
      </section>
      <Clocks timeline={timeline} />
      {timeline.reminders.length > 0 && (
        <section aria-labelledby={`${id}-rem`}>
          <h2 id={`${id}-rem`}>{t('requests.page.reminders')}</h2>
          <ul>
            {timeline.reminders.map((r, i) => (
              <li key={i}>
                <time dateTime={r.at}>{formatDateTime(r.at)}</time> —{' '}
                {t('requests.page.reminder', {
                  kind: r.kind,
                  deadline: codeLabel(t, 'clock', r.deadline),
                  audience: r.audience,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Documents requestId={requestId} files={timeline.files} />
      {timeline.outbox.length > 0 && (
        <section aria-labelledby={`${id}-out`}>
          <h2 id={`${id}-out`}>{t('requests.page.delivery')}</h2>
          <ul>
            {timeline.outbox.map((o) => (
              <li key={o.id}>
                {codeLabel(t, 'state', o.state)}:{' '}
                {o.deliveredAt
                  ? t('requests.page.delivered', { date: formatDateTime(o.deliveredAt) })
                  : o.refusedAt
                    ? t('requests.page.deliveryFailed', { date: formatDateTime(o.refusedAt) })
                    : t('requests.page.pending', { attempts: o.attempts })}
                {o.lastError && <> — {o.lastError}</>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Clocks({ timeline }: { timeline: Timeline }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('requests.page.clocks')}</h2>
      {timeline.deadlines.length === 0 ? (
        <p>{t('requests.page.noClocks')}</p>
      ) : (
        <table className="table">
          <caption>{t('requests.page.clocks')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('requests.page.clock')}</th>
              <th scope="col">{t('requests.page.rule')}</th>
              <th scope="col">{t('requests.page.party')}</th>
              <th scope="col">{t('requests.page.status')}</th>
              <th scope="col">{t('requests.page.dueAt')}</th>
            </tr>
          </thead>
          <tbody>
            {timeline.deadlines.map((d) => (
              <tr key={d.code} className={d.status === 'overdue' ? 'request-overdue' : undefined}>
                <th scope="row">{codeLabel(t, 'clock', d.code)}</th>
                <td>{d.rule}</td>
                <td>{codeLabel(t, 'party', d.party)}</td>
                <td>{codeLabel(t, 'clockStatus', d.status)}</td>
                <td>
                  <time dateTime={d.dueAt}>
                    {new Intl.DateTimeFormat(lang, {
                      dateStyle: 'medium',
                      timeStyle: 'short',
                      timeZone: d.zone,
                    }).format(new Date(d.dueAt))}{' '}
                    ({d.zone})
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Documents({ requestId, files }: { requestId: string; files: Timeline['files'] }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const id = useId();
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('requests.page.documents')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {files.length === 0 ? (
        <p>{t('requests.page.noDocuments')}</p>
      ) : (
        <ul>
          {files.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className="button button-quiet"
                onClick={() =>
                  downloadFile('GET', `/requests/${requestId}/files/${f.id}`, f.name).catch(
                    setFailure,
                  )
                }
              >
                {t('requests.page.download', { name: f.name })}
              </button>{' '}
              {formatNumber(f.size)} B — SHA-256 <code>{f.sha256}</code> — {formatDateTime(f.at)}
              {f.custody && (
                <details>
                  <summary>
                    {f.custody.intact
                      ? t('requests.page.custody.intact', { count: f.custody.records.length })
                      : t('requests.page.custody.broken', { problem: f.custody.problem ?? '' })}
                  </summary>
                  <ol>
                    {f.custody.records.map((r) => (
                      <li key={r.seq}>
                        {t('requests.page.custody.record', {
                          date: formatDateTime(r.at),
                          action: r.action,
                          actor: r.actor,
                          purpose: r.purpose,
                        })}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
