import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { codeLabel, relativeTime } from './labels.js';
import type { Deadline } from './requests-api.js';

/** The current time, refreshed every minute (the clocks count down while the page is open). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A legal clock: which deadline, when it falls due (in the deadline's own zone) and the time
 * left, or how long it is overdue, highlighted.
 */
export function DeadlineClock(props: { deadline: Deadline | null; overdue: boolean; now: number }) {
  const { deadline, overdue, now } = props;
  const { t, lang } = useI18n();
  if (!deadline) {
    return overdue ? (
      <strong className="tag tag-warn">{t('requests.overdue')}</strong>
    ) : (
      <span>{t('requests.noDeadline')}</span>
    );
  }
  const passed = Date.parse(deadline.dueAt) <= now;
  const late = overdue || passed;
  const when = relativeTime(lang, deadline.dueAt, now);
  const local = new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: deadline.zone,
  }).format(new Date(deadline.dueAt));
  return (
    <span className={late ? 'deadline deadline-overdue' : 'deadline'}>
      {late && <strong className="tag tag-warn">{t('requests.overdue')}</strong>}{' '}
      <time dateTime={deadline.dueAt}>
        {t('requests.due', {
          deadline: codeLabel(t, 'clock', deadline.code),
          date: local,
          zone: deadline.zone,
        })}
      </time>{' '}
      {/* The node may say overdue before this screen's clock does: then no relative time. */}
      {late === passed && (
        <span>
          {late
            ? t('requests.overdueSince', { time: when })
            : t('requests.timeLeft', { time: when })}
        </span>
      )}
    </span>
  );
}
