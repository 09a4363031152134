import { useI18n } from '../i18n/i18n.js';
import { codeLabel } from './labels.js';
import { offenceLabel, type Catalogue, type FieldDef } from './requests-api.js';

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/**
 * One field of a request as its reader sees it: codes in the reader's language, free text as
 * written with its language tagged (issue 7, item 2).
 */
export function FieldValue(props: { field: FieldDef; value: unknown; catalogue: Catalogue }) {
  const { field, value, catalogue } = props;
  const values = field.multiple && Array.isArray(value) ? (value as unknown[]) : [value];
  if (values.length === 1) return <One field={field} value={values[0]} catalogue={catalogue} />;
  return (
    <ul className="value-list">
      {values.map((v, i) => (
        <li key={i}>
          <One field={field} value={v} catalogue={catalogue} />
        </li>
      ))}
    </ul>
  );
}

function One({
  field,
  value,
  catalogue,
}: {
  field: FieldDef;
  value: unknown;
  catalogue: Catalogue;
}) {
  const { t } = useI18n();
  const o = asObj(value);
  switch (field.type) {
    case 'free-text':
      return (
        <span>
          <span lang={String(o.lang)} className="prewrap">
            {String(o.text)}
          </span>{' '}
          <span className="tag">{String(o.lang)}</span>
        </span>
      );
    case 'identifier':
      return (
        <span>
          {codeLabel(t, 'idkind', String(o.kind))}: <code>{String(o.value)}</code>
          {typeof o.timestamp === 'string' && <> @ {o.timestamp}</>}
        </span>
      );
    case 'authority':
      return (
        <span>
          {String(o.name)} ({String(o.country)})
        </span>
      );
    case 'time-range':
      return (
        <span>
          {String(o.start)} – {String(o.end)}
        </span>
      );
    case 'boolean':
      return <span>{t(value ? 'requests.input.yes' : 'requests.input.no')}</span>;
    case 'data-categories':
      return (
        <span>
          {(Array.isArray(value) ? value : [])
            .map((c) => codeLabel(t, 'category', String(c)))
            .join(', ')}
        </span>
      );
    case 'offences':
      return (
        <span>
          {(Array.isArray(value) ? value : [])
            .map((c) => {
              const off = catalogue.offences.find((x) => x.code === c);
              return off ? offenceLabel(off) : String(c);
            })
            .join(', ')}
        </span>
      );
    case 'code':
      return <code>{Array.isArray(value) ? value.join(', ') : String(value)}</code>;
    default:
      return <span>{String(value)}</span>;
  }
}
