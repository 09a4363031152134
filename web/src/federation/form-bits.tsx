/** Small pieces the federation forms share. */

/** A checkbox with its label after it. */
export function Check(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: string;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />{' '}
      {props.children}
    </label>
  );
}

/** The messages the node gave about one field, shown next to it (nothing when there are none). */
export function ErrorList(props: { id?: string; testId?: string; messages: readonly string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <ul id={props.id} className="field-error" data-testid={props.testId}>
      {props.messages.map((m, i) => (
        <li key={`${i}:${m}`}>{m}</li>
      ))}
    </ul>
  );
}
