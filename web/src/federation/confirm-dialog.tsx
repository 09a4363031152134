import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';

/**
 * A modal question (the native `<dialog>`: focus moves into it and stays there, Escape
 * cancels, focus returns to the button that opened it when it closes).
 */
export function ConfirmDialog(props: {
  title: string;
  body: string;
  confirm: string;
  danger?: boolean;
  /** Offer an optional one-line reason under this label; it is passed to `onConfirm`. */
  reasonLabel?: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const { title, body, confirm, danger, reasonLabel, onConfirm, onCancel } = props;
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-body`}>{body}</p>
      {reasonLabel && (
        <div className="field">
          <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
          <input
            id={`${id}-reason`}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={() => onConfirm(reason.replace(/\s+/g, ' ').trim())}
        >
          {confirm}
        </button>
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t('federation.action.cancel')}
        </button>
      </div>
    </dialog>
  );
}
