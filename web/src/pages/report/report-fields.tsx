import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { isMessageKey } from '../../i18n/languages.js';
import type { Problem } from './report-draft.js';

/** The element id of the field that answers the request path `path`. */
export function fieldId(path: string): string {
  return `rf${path.replaceAll('/', '-')}`;
}

/** The person's-language message of a problem (the node's English one when the UI has none). */
export function useProblemText(): (p: Problem) => string {
  const { t } = useI18n();
  return (p) => {
    const key = `report.error.${p.code}`;
    return isMessageKey(key) ? t(key) : (p.message ?? p.code);
  };
}

/** Accessibility attributes of a field: its hint and its error, and whether it is invalid. */
export function describedBy(path: string, problems: readonly Problem[], hint = false) {
  const invalid = problems.some((p) => p.path === path);
  const ids = [hint ? `${fieldId(path)}-hint` : '', invalid ? `${fieldId(path)}-error` : '']
    .filter(Boolean)
    .join(' ');
  return {
    id: fieldId(path),
    'aria-invalid': invalid || undefined,
    'aria-describedby': ids || undefined,
  };
}

/** The error under a field, when there is one. */
export function FieldError({ path, problems }: { path: string; problems: readonly Problem[] }) {
  const text = useProblemText();
  const p = problems.find((x) => x.path === path);
  if (!p) return null;
  return (
    <p id={`${fieldId(path)}-error`} className="field-error">
      {text(p)}
    </p>
  );
}

export function Hint({ path, children }: { path: string; children: ReactNode }) {
  return (
    <p id={`${fieldId(path)}-hint`} className="hint">
      {children}
    </p>
  );
}

/** One radio button with its label and an optional explanation under it. */
export function Choice(props: {
  name: string;
  value: string;
  checked: boolean;
  onChange: (value: string) => void;
  label: string;
  help?: string;
  id?: string;
  invalid?: boolean;
}) {
  const id = props.id ?? `${props.name}-${props.value}`;
  return (
    <div className="choice">
      <input
        type="radio"
        id={id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        onChange={() => props.onChange(props.value)}
        aria-describedby={props.help ? `${id}-help` : undefined}
        aria-invalid={props.invalid || undefined}
      />
      <label htmlFor={id}>
        {props.label}
        {props.help && (
          <span id={`${id}-help`} className="hint choice-help">
            {props.help}
          </span>
        )}
      </label>
    </div>
  );
}
