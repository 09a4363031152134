import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmPeer, type PeerCandidate } from './confirm-peer.js';
import { DescriptorSource } from './descriptor-source.js';
import type { PeerView } from './peer.types.js';

const EMPTY = { mode: 'paste' as const, text: '', url: '' };

/**
 * "Add a peer" in two steps — the descriptor, then the fingerprint and policy — or, for a node
 * that asked to peer (`accepting`), the second step alone.
 */
export function AddPeer(props: {
  accepting: PeerView | null;
  onDone: (peer: PeerView) => void;
  onCancelAccept: () => void;
}) {
  const { accepting, onDone, onCancelAccept } = props;
  const { t } = useI18n();
  const id = useId();
  const [entered, setEntered] = useState<{
    mode: 'paste' | 'upload' | 'url';
    text: string;
    url: string;
  }>(EMPTY);
  const [candidate, setCandidate] = useState<PeerCandidate | null>(null);
  const [generation, setGeneration] = useState(0);
  const reset = () => {
    setEntered(EMPTY);
    setCandidate(null);
    setGeneration((g) => g + 1);
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="add-peer">
      <h2 id={`${id}-title`}>{t('federation.add.title')}</h2>
      {accepting ? (
        <ConfirmPeer
          key={accepting.nodeId}
          candidate={{ kind: 'requested', peer: accepting }}
          onCancel={onCancelAccept}
          onAdded={onDone}
        />
      ) : candidate ? (
        <ConfirmPeer
          candidate={candidate}
          onBack={() => setCandidate(null)}
          onCancel={reset}
          onAdded={(peer) => {
            reset();
            onDone(peer);
          }}
        />
      ) : (
        <DescriptorSource
          key={generation}
          initial={entered}
          onNext={(next, values) => {
            setEntered(values);
            setCandidate(next);
          }}
        />
      )}
    </section>
  );
}
