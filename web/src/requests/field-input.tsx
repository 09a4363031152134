import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { codeLabel } from './labels.js';
import { offenceLabel, type Catalogue, type FieldDef } from './requests-api.js';

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isBlank = (v: unknown): boolean =>
  v === undefined ||
  v === '' ||
  (typeof v === 'object' &&
    v !== null &&
    Object.values(v).every((x) => x === '' || x === undefined));

export interface FieldInputProps {
  readonly field: FieldDef;
  readonly label: string;
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  readonly catalogue: Catalogue;
  /** Id of the element describing the field (article, problem), for `aria-describedby`. */
  readonly describedBy: string;
  readonly invalid: boolean;
}

/**
 * One field of a request form, typed as its definition says (issue 7, item 2): codes as
 * choices, identifiers as kind + value (+ time with its zone for an IP address), free text
 * tagged with the writer's language, authorities as name + country. Values are the API's JSON.
 */
export function FieldInput(props: FieldInputProps) {
  const { field } = props;
  // Multi-valued fields whose single values are composite: a list with "add another".
  if (field.multiple && !['code', 'data-categories', 'offences'].includes(field.type)) {
    return <ListInput {...props} />;
  }
  return <One {...props} index={null} />;
}

/** Several values, one row each; empty rows stay on screen only, never in the value. */
function ListInput(props: FieldInputProps) {
  const { value, onChange } = props;
  const { t } = useI18n();
  const values = Array.isArray(value) ? (value as unknown[]) : [];
  const [rows, setRows] = useState(Math.max(1, values.length));
  const items = Array.from({ length: Math.max(rows, values.length, 1) }, (_, i) => values[i]);
  const set = (i: number, v: unknown) => {
    const kept = items.map((x, j) => (j === i ? v : x)).filter((x) => !isBlank(x));
    onChange(kept.length > 0 ? kept : undefined);
  };
  return (
    <Group {...props}>
      {items.map((item, i) => (
        <One key={i} {...props} value={item} onChange={(v) => set(i, v)} index={i} />
      ))}
      <button
        type="button"
        className="button button-small"
        onClick={() => setRows(items.length + 1)}
        disabled={isBlank(items[items.length - 1])}
      >
        {t('requests.input.addAnother')}
      </button>
    </Group>
  );
}

function Group({ label, describedBy, children }: FieldInputProps & { children: ReactNode }) {
  return (
    <fieldset className="field" aria-describedby={describedBy}>
      <legend>{label}</legend>
      {children}
    </fieldset>
  );
}

function One(props: FieldInputProps & { index: number | null }) {
  const { field, value, onChange, catalogue, describedBy, invalid, index } = props;
  const { t, lang } = useI18n();
  const id = useId();
  // An item of a list is numbered; the list's own legend names the field.
  const label = index === null ? props.label : `#${index + 1}`;
  const common = { 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined };
  const simple = (input: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
    </div>
  );
  const obj = asObj(value);
  const setPart = (key: string, v: string) => {
    const next = { ...obj, [key]: v };
    onChange(isBlank(next) ? undefined : next);
  };
  switch (field.type) {
    case 'free-text':
      return simple(
        <textarea
          id={id}
          {...common}
          rows={3}
          value={str(obj.text)}
          onChange={(e) =>
            onChange(e.target.value === '' ? undefined : { text: e.target.value, lang })
          }
        />,
      );
    case 'boolean':
      return simple(
        <select
          id={id}
          {...common}
          value={value === true ? 'yes' : value === false ? 'no' : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'yes')}
        >
          <option value="">{t('requests.input.unset')}</option>
          <option value="yes">{t('requests.input.yes')}</option>
          <option value="no">{t('requests.input.no')}</option>
        </select>,
      );
    case 'integer':
      return simple(
        <input
          id={id}
          {...common}
          type="number"
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />,
      );
    case 'code':
    case 'data-categories':
    case 'offences':
      return <Choices {...props} label={label} />;
    case 'identifier': {
      const kinds = field.identifierKinds ?? catalogue.codeLists.identifier_kind ?? [];
      return (
        <fieldset className="field" aria-describedby={describedBy}>
          <legend>{label}</legend>
          <label htmlFor={`${id}-kind`}>{t('requests.input.kind')}</label>
          <select
            id={`${id}-kind`}
            value={str(obj.kind)}
            onChange={(e) => setPart('kind', e.target.value)}
          >
            <option value="" />
            {kinds.map((k) => (
              <option key={k} value={k}>
                {codeLabel(t, 'idkind', k)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-value`}>{t('requests.input.value')}</label>
          <input
            id={`${id}-value`}
            {...common}
            value={str(obj.value)}
            onChange={(e) => setPart('value', e.target.value)}
          />
          {obj.kind === 'ip' && (
            <>
              <label htmlFor={`${id}-ts`}>{t('requests.input.timestamp')}</label>
              <input
                id={`${id}-ts`}
                {...common}
                value={str(obj.timestamp)}
                onChange={(e) => setPart('timestamp', e.target.value)}
              />
            </>
          )}
        </fieldset>
      );
    }
    case 'authority':
      return (
        <fieldset className="field" aria-describedby={describedBy}>
          <legend>{label}</legend>
          <label htmlFor={`${id}-name`}>{t('requests.input.authorityName')}</label>
          <input
            id={`${id}-name`}
            {...common}
            value={str(obj.name)}
            onChange={(e) => setPart('name', e.target.value)}
          />
          <label htmlFor={`${id}-country`}>{t('requests.input.country')}</label>
          <input
            id={`${id}-country`}
            {...common}
            maxLength={2}
            value={str(obj.country)}
            onChange={(e) => setPart('country', e.target.value.toUpperCase())}
          />
        </fieldset>
      );
    case 'time-range':
      return (
        <fieldset className="field" aria-describedby={describedBy}>
          <legend>{label}</legend>
          <label htmlFor={`${id}-start`}>{t('requests.input.start')}</label>
          <input
            id={`${id}-start`}
            {...common}
            value={str(obj.start)}
            onChange={(e) => setPart('start', e.target.value)}
          />
          <label htmlFor={`${id}-end`}>{t('requests.input.end')}</label>
          <input
            id={`${id}-end`}
            {...common}
            value={str(obj.end)}
            onChange={(e) => setPart('end', e.target.value)}
          />
        </fieldset>
      );
    default:
      // date-time, reference: typed text the server checks (RFC 3339 with zone; a request id).
      return simple(
        <input
          id={id}
          {...common}
          value={str(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value.trim())}
        />,
      );
  }
}

/** Code lists, data categories and offences: one choice, or several as checkboxes. */
function Choices(props: FieldInputProps & { index: number | null }) {
  const { field, value, onChange, catalogue, describedBy, label } = props;
  const { t } = useI18n();
  const id = useId();
  const options: { code: string; label: string }[] =
    field.type === 'offences'
      ? catalogue.offences.map((o) => ({ code: o.code, label: offenceLabel(o) }))
      : field.type === 'data-categories'
        ? (catalogue.codeLists.data_category ?? []).map((c) => ({
            code: c,
            label: codeLabel(t, 'category', c),
          }))
        : (catalogue.codeLists[field.codeList ?? ''] ?? []).map((c) => ({ code: c, label: c }));
  if (field.multiple || field.type !== 'code') {
    const chosen = Array.isArray(value) ? (value as string[]) : [];
    const toggle = (code: string, on: boolean) => {
      const next = on ? [...chosen, code] : chosen.filter((c) => c !== code);
      onChange(next.length > 0 ? next : undefined);
    };
    return (
      <fieldset className="field" aria-describedby={describedBy}>
        <legend>{label}</legend>
        {options.map((o) => (
          <div key={o.code} className="choice">
            <input
              type="checkbox"
              id={`${id}-${o.code}`}
              checked={chosen.includes(o.code)}
              onChange={(e) => toggle(o.code, e.target.checked)}
            />
            <label htmlFor={`${id}-${o.code}`}>{o.label}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-describedby={describedBy}
        value={str(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="" />
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
