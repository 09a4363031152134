import { useId, useState } from 'react';
import { ErrorMessage, Loading } from '../components/status.js';
import { displayCountry } from '../country.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../use-async.js';
import { peerApi } from './peer-api.js';
import type { NodeDescriptor } from './peer.types.js';

/** Offers `descriptor` as `<node name>.descriptor.json`, the file handed to a prospective peer. */
function download(descriptor: NodeDescriptor): void {
  const body = `${JSON.stringify(descriptor, null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${descriptor.name.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.descriptor.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "This node": who this node is to its peers, its fingerprint to read out by telephone, its
 * descriptor to hand over, and how peering works in plain words.
 */
export function NodeCard() {
  const { t, lang } = useI18n();
  const id = useId();
  const [node, reload] = useAsync(() => peerApi.node(), 'federation-node');
  const [copyState, setCopyState] = useState<MessageKey | null>(null);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopyState('federation.node.copied');
    } catch {
      setCopyState('federation.node.copyFailed');
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('federation.node.title')}</h2>
      {node.status === 'loading' && <Loading />}
      {node.status === 'error' && <ErrorMessage error={node.error} retry={reload} />}
      {node.status === 'done' && (
        <>
          <dl className="summary">
            <div>
              <dt>{t('federation.node.name')}</dt>
              <dd>{node.value.descriptor.name}</dd>
            </div>
            <div>
              <dt>{t('federation.node.organization')}</dt>
              <dd>{node.value.descriptor.organization.name}</dd>
            </div>
            <div>
              <dt>{t('federation.node.country')}</dt>
              <dd>{displayCountry(node.value.descriptor.country, lang)}</dd>
            </div>
            <div>
              <dt>{t('federation.node.nodeId')}</dt>
              <dd>
                <code className="long">{node.value.descriptor.nodeId}</code>
              </dd>
            </div>
          </dl>
          <dl className="fingerprint-block">
            <dt>{t('federation.node.fingerprint')}</dt>
            <dd className="fingerprint" data-testid="own-fingerprint">
              {node.value.descriptor.fingerprint}
            </dd>
          </dl>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => void copy(node.value.descriptor.fingerprint)}
            >
              {t('federation.node.copy')}
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={() => download(node.value.descriptor)}
            >
              {t('federation.node.download')}
            </button>
          </div>
          <div role="status">{copyState && <p className="hint">{t(copyState)}</p>}</div>
        </>
      )}
      <h3>{t('federation.node.how')}</h3>
      <p>{t('federation.node.explain')}</p>
    </section>
  );
}
