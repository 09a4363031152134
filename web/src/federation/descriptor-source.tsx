import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { readDescriptor } from './peer-form.js';
import type { PeerCandidate } from './confirm-peer.js';

type Mode = 'paste' | 'upload' | 'url';
const MODES: readonly { mode: Mode; label: MessageKey }[] = [
  { mode: 'paste', label: 'federation.add.paste' },
  { mode: 'upload', label: 'federation.add.upload' },
  { mode: 'url', label: 'federation.add.url' },
];

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Step 1 of adding a peer: its descriptor, pasted, uploaded or as an address. A pasted or
 * uploaded descriptor is read here so that step 2 can show what it says; an address is fetched
 * by the node itself when the administrator confirms.
 */
export function DescriptorSource(props: {
  initial: { mode: Mode; text: string; url: string };
  onNext: (candidate: PeerCandidate, entered: { mode: Mode; text: string; url: string }) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [mode, setMode] = useState<Mode>(props.initial.mode);
  const [text, setText] = useState(props.initial.text);
  const [url, setUrl] = useState(props.initial.url);
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);

  const readFile = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    try {
      setText(await file.text());
      setFileName(file.name);
    } catch {
      setProblem('federation.add.problem.file');
    }
  };

  const next = (e: FormEvent) => {
    e.preventDefault();
    const entered = { mode, text, url };
    if (mode === 'url') {
      if (!isHttpUrl(url.trim())) {
        setProblem('federation.add.problem.url');
        return;
      }
      props.onNext({ kind: 'url', url: url.trim() }, entered);
      return;
    }
    const reading = readDescriptor(text);
    if (!reading.ok) {
      setProblem(`federation.add.problem.${reading.problem}`);
      return;
    }
    props.onNext(
      { kind: 'descriptor', descriptor: reading.descriptor, facts: reading.facts },
      entered,
    );
  };

  const problemId = problem ? `${id}-problem` : undefined;
  const problemText = problem && (
    <p id={problemId} className="field-error">
      {t(problem)}
    </p>
  );
  return (
    <form className="form" onSubmit={next} noValidate>
      <h3>{t('federation.add.step1')}</h3>
      <fieldset className="policy-group">
        <legend>{t('federation.add.how')}</legend>
        {MODES.map((m) => (
          <label key={m.mode} className="check">
            <input
              type="radio"
              name={`${id}-mode`}
              value={m.mode}
              checked={mode === m.mode}
              onChange={() => {
                setMode(m.mode);
                setProblem(null);
              }}
            />{' '}
            {t(m.label)}
          </label>
        ))}
      </fieldset>
      {mode === 'paste' && (
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('federation.add.pasteLabel')}</label>
          <textarea
            id={`${id}-text`}
            className="descriptor-text"
            rows={8}
            spellCheck={false}
            value={text}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problemId}
            onChange={(e) => setText(e.target.value)}
          />
          {problemText}
        </div>
      )}
      {mode === 'upload' && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('federation.add.fileLabel')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problemId}
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
          {fileName && <p className="hint">{t('federation.add.fileRead', { file: fileName })}</p>}
          {problemText}
        </div>
      )}
      {mode === 'url' && (
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('federation.add.urlLabel')}</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            value={url}
            placeholder="https://"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problemId ? `${id}-url-help ${problemId}` : `${id}-url-help`}
            onChange={(e) => setUrl(e.target.value)}
          />
          <p className="hint" id={`${id}-url-help`}>
            {t('federation.add.urlHelp')}
          </p>
          {problemText}
        </div>
      )}
      <button type="submit" className="button button-primary">
        {t('federation.add.next')}
      </button>
    </form>
  );
}
