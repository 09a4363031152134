import { useEffect, useRef } from 'react';
import { typeLabel } from '../../display.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import type { ReportReceipt } from './report-draft.js';

const objectPath = (id: string) => `/objects/${encodeURIComponent(id)}`;

/** What the report created: the incident, and the observables linked to it. */
export function ReportDone({ receipt, again }: { receipt: ReportReceipt; again: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card card-highlight" aria-labelledby="report-done-title">
      <h2 id="report-done-title" ref={heading} tabIndex={-1}>
        {t('report.done.title')}
      </h2>
      <p>{t('report.done.incident')}</p>
      <p>
        <Link to={objectPath(receipt.incident_id)} className="button button-primary">
          {t('report.done.view')}
        </Link>
      </p>
      {receipt.observables.length > 0 && (
        <>
          <h3>{t('report.done.linked')}</h3>
          <ul className="linked">
            {receipt.observables.map((o) => (
              <li key={o.id}>
                {typeLabel(t, o.type)}: <Link to={objectPath(o.id)}>{o.value}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="button" onClick={again}>
        {t('report.done.another')}
      </button>
    </section>
  );
}
