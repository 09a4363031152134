import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { isMessageKey } from '../../i18n/languages.js';
import { Choice, describedBy, FieldError, Hint } from './report-fields.js';
import {
  AFFECTED,
  OBSERVABLE_KINDS,
  type Draft,
  type ObservableKind,
  type OffenceList,
  type Problem,
  type WhenKind,
} from './report-draft.js';

export interface StepProps {
  readonly draft: Draft;
  readonly update: (change: Partial<Draft>) => void;
  readonly problems: readonly Problem[];
}

/** Step 1: the offence, in plain words, with a sentence of help each. */
export function WhatStep({ draft, update, problems, list }: StepProps & { list: OffenceList }) {
  const { t } = useI18n();
  const text = (code: string, part: 'name' | 'help', fallback: string) => {
    const key = `report.offence.${code}.${part}`;
    return isMessageKey(key) ? t(key) : fallback;
  };
  const invalid = problems.some((p) => p.path === '/offence');
  return (
    <fieldset className="choices" aria-describedby="rf-offence-hint">
      <legend>{t('report.what.legend')}</legend>
      <Hint path="/offence">{t('report.what.hint')}</Hint>
      <FieldError path="/offence" problems={problems} />
      {[...list.offences, { code: list.not_sure, title: '', article: '', instrument: '' }].map(
        (o, i) => (
          <Choice
            key={o.code}
            id={i === 0 ? 'rf-offence' : undefined}
            name="offence"
            value={o.code}
            checked={draft.offence === o.code}
            onChange={(offence) => update({ offence })}
            label={text(o.code, 'name', o.title)}
            help={
              text(o.code, 'help', '') +
              (o.article
                ? ` ${t('report.offence.citation', { citation: `${o.title}, Art. ${o.article} ${o.instrument.replace('-', ' ')}` })}`
                : '')
            }
            invalid={invalid}
          />
        ),
      )}
    </fieldset>
  );
}

/** Step 2: a moment, a period, or still going on. */
export function WhenStep({ draft, update, problems }: StepProps) {
  const { t } = useI18n();
  const time = (path: string, key: 'at' | 'from' | 'until' | 'since', label: string) => (
    <div className="field">
      <label htmlFor={`rf-when-${key}`}>{label}</label>
      <input
        type="datetime-local"
        {...describedBy(path, problems, true)}
        value={draft[key]}
        onChange={(e) => update({ [key]: e.target.value })}
      />
      <Hint path={path}>{t('report.when.hint')}</Hint>
      <FieldError path={path} problems={problems} />
    </div>
  );
  return (
    <>
      <fieldset className="choices">
        <legend>{t('report.when.legend')}</legend>
        {(['at', 'between', 'ongoing'] as const).map((k: WhenKind) => (
          <Choice
            key={k}
            name="when"
            value={k}
            checked={draft.whenKind === k}
            onChange={(v) => update({ whenKind: v as WhenKind })}
            label={t(`report.when.${k}`)}
          />
        ))}
      </fieldset>
      {draft.whenKind === 'at' && time('/when/at', 'at', t('report.when.atLabel'))}
      {draft.whenKind === 'between' && (
        <>
          {time('/when/from', 'from', t('report.when.from'))}
          {time('/when/until', 'until', t('report.when.until'))}
        </>
      )}
      {draft.whenKind === 'ongoing' && time('/when/since', 'since', t('report.when.since'))}
    </>
  );
}

/** Step 3: who is affected, and how many if known. */
export function WhoStep({ draft, update, problems }: StepProps) {
  const { t } = useI18n();
  return (
    <>
      <fieldset className="choices">
        <legend>{t('report.who.legend')}</legend>
        <FieldError path="/affected/who" problems={problems} />
        {AFFECTED.map((who, i) => (
          <Choice
            key={who}
            id={i === 0 ? 'rf-affected-who' : undefined}
            name="who"
            value={who}
            checked={draft.who === who}
            onChange={(v) => update({ who: v as Draft['who'] })}
            label={t(`report.who.${who}`)}
            invalid={problems.some((p) => p.path === '/affected/who')}
          />
        ))}
      </fieldset>
      <div className="field field-short">
        <label htmlFor="rf-affected-count">{t('report.who.count')}</label>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          {...describedBy('/affected/count', problems, true)}
          value={draft.count}
          onChange={(e) => update({ count: e.target.value })}
        />
        <Hint path="/affected/count">{t('report.who.countHint')}</Hint>
        <FieldError path="/affected/count" problems={problems} />
      </div>
    </>
  );
}

/** Step 4: the person's own words, the addresses and numbers they saw, and their files. */
export function SawStep({ draft, update, problems, list }: StepProps & { list: OffenceList }) {
  const { t, formatNumber } = useI18n();
  const [kind, setKind] = useState<ObservableKind>('url');
  const [value, setValue] = useState('');
  const add = () => {
    if (value.trim() === '') return;
    update({ observables: [...draft.observables, { type: kind, value: value.trim() }] });
    setValue('');
  };
  const onValueKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    add();
  };
  const mb = (bytes: number) => `${formatNumber(Math.round(bytes / 1024 / 1024))} MB`;
  return (
    <>
      <div className="field">
        <label htmlFor="rf-what_happened">{t('report.saw.text')}</label>
        <textarea
          rows={7}
          maxLength={20000}
          {...describedBy('/what_happened', problems, true)}
          value={draft.what}
          onChange={(e) => update({ what: e.target.value })}
        />
        <Hint path="/what_happened">{t('report.saw.textHint')}</Hint>
        <FieldError path="/what_happened" problems={problems} />
      </div>

      <fieldset className="group">
        <legend>{t('report.saw.observables')}</legend>
        <Hint path="/observables">{t('report.saw.observablesHint')}</Hint>
        <div className="add-row">
          <div className="field">
            <label htmlFor="rf-observable-kind">{t('report.saw.kind')}</label>
            <select
              id="rf-observable-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as ObservableKind)}
            >
              {OBSERVABLE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`report.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rf-observable-value">{t('report.saw.value')}</label>
            <input
              id="rf-observable-value"
              value={value}
              maxLength={8192}
              onChange={(e) => setValue(e.target.value)}
              onKeyDown={onValueKey}
            />
          </div>
          <button type="button" className="button" onClick={add}>
            {t('report.saw.add')}
          </button>
        </div>
        <ul className="added">
          {draft.observables.map((o, i) => (
            <li key={`${o.type}:${o.value}:${i}`}>
              <span id={`rf-observables-${i}-value`}>
                {t(`report.kind.${o.type}`)}: <code>{o.value}</code>
              </span>
              <button
                type="button"
                className="button button-small"
                aria-label={t('report.saw.remove', { value: o.value })}
                onClick={() => update({ observables: draft.observables.filter((_, j) => j !== i) })}
              >
                ×
              </button>
              <FieldError path={`/observables/${i}/value`} problems={problems} />
            </li>
          ))}
        </ul>
      </fieldset>

      <div className="field">
        <label htmlFor="rf-attachments">{t('report.saw.files')}</label>
        <input
          type="file"
          multiple
          {...describedBy('/attachments', problems, true)}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            update({ files: [...draft.files, ...files] });
          }}
        />
        <Hint path="/attachments">
          {t('report.saw.filesHint', {
            count: list.limits.max_files,
            size: mb(list.limits.max_file_bytes),
          })}
        </Hint>
        <FieldError path="/attachments" problems={problems} />
        <ul className="added">
          {draft.files.map((f, i) => (
            <li key={`${f.name}:${i}`}>
              <span id={`rf-attachments-${i}`}>
                {f.name} ({formatNumber(f.size)} B)
              </span>
              <button
                type="button"
                className="button button-small"
                aria-label={t('report.saw.fileRemove', { name: f.name })}
                onClick={() => update({ files: draft.files.filter((_, j) => j !== i) })}
              >
                ×
              </button>
              <FieldError path={`/attachments/${i}/content`} problems={problems} />
              <FieldError path={`/attachments/${i}/name`} problems={problems} />
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
