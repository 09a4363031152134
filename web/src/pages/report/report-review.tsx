import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { isMessageKey } from '../../i18n/languages.js';
import { Choice } from './report-fields.js';
import {
  TLP_CHOICES,
  type Draft,
  type OffenceList,
  type Step,
  type TlpChoice,
} from './report-draft.js';

/** Step 5: every answer at a glance, each with a way back to change it, and who may see it. */
export function ReviewStep(props: {
  draft: Draft;
  list: OffenceList;
  update: (change: Partial<Draft>) => void;
  goTo: (step: Step) => void;
}) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const { draft, list } = props;
  const notGiven = t('report.review.notGiven');
  const offenceKey = `report.offence.${draft.offence}.name`;
  const offence = isMessageKey(offenceKey)
    ? t(offenceKey)
    : (list.offences.find((o) => o.code === draft.offence)?.title ?? draft.offence);
  const time = (local: string) =>
    local ? formatDateTime(new Date(local).toISOString()) : notGiven;
  const when =
    draft.whenKind === 'at'
      ? time(draft.at)
      : draft.whenKind === 'between'
        ? `${time(draft.from)} – ${time(draft.until)}`
        : `${t('report.when.ongoing')}${draft.since ? ` (${time(draft.since)})` : ''}`;
  const who = draft.who
    ? `${t(`report.who.${draft.who}`)}${draft.count ? ` (${formatNumber(Number(draft.count))})` : ''}`
    : notGiven;

  const row = (label: string, step: Step, value: ReactNode) => (
    <div className="review-row">
      <dt>{label}</dt>
      <dd>
        <div className="review-value">{value}</div>
        <button
          type="button"
          className="button button-small"
          aria-label={`${t('report.review.change')}: ${label}`}
          onClick={() => props.goTo(step)}
        >
          {t('report.review.change')}
        </button>
      </dd>
    </div>
  );

  return (
    <>
      <dl className="review">
        {row(t('report.step.what'), 'what', offence)}
        {row(t('report.step.when'), 'when', when)}
        {row(t('report.step.who'), 'who', who)}
        {row(t('report.saw.text'), 'saw', <p className="prewrap">{draft.what}</p>)}
        {row(
          t('report.saw.observables'),
          'saw',
          draft.observables.length === 0 ? (
            notGiven
          ) : (
            <ul>
              {draft.observables.map((o, i) => (
                <li key={i}>
                  {t(`report.kind.${o.type}`)}: <code>{o.value}</code>
                </li>
              ))}
            </ul>
          ),
        )}
        {row(
          t('report.review.files'),
          'saw',
          draft.files.length === 0 ? (
            notGiven
          ) : (
            <ul>
              {draft.files.map((f, i) => (
                <li key={i}>{f.name}</li>
              ))}
            </ul>
          ),
        )}
      </dl>
      <fieldset className="choices" aria-describedby="rf-tlp-hint">
        <legend>{t('report.review.tlp')}</legend>
        <p id="rf-tlp-hint" className="hint">
          {t('report.review.tlpHint')}
        </p>
        {TLP_CHOICES.map((level) => (
          <Choice
            key={level}
            name="tlp"
            value={level}
            checked={draft.tlp === level}
            onChange={(v) => props.update({ tlp: v as TlpChoice })}
            label={t(`report.tlp.${level}`)}
          />
        ))}
      </fieldset>
    </>
  );
}
