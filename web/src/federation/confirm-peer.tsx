import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, type ErrorDetail } from '../api/client.js';
import { ErrorMessage } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { DescriptorFactList } from './descriptor-facts.js';
import { Check, ErrorList } from './form-bits.js';
import { peerApi } from './peer-api.js';
import {
  fieldErrors,
  typedFingerprint,
  type DescriptorFacts,
  type FieldErrors,
} from './peer-form.js';
import { PolicyFields } from './policy-fields.js';
import { DEFAULT_PEER_POLICY, type AddPeerBody, type PeerView } from './peer.types.js';

/** Who the administrator is about to trust: a descriptor, an address, or a node that asked. */
export type PeerCandidate =
  | { readonly kind: 'descriptor'; readonly descriptor: unknown; readonly facts: DescriptorFacts }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'requested'; readonly peer: PeerView };

function factsOf(candidate: PeerCandidate): DescriptorFacts | null {
  if (candidate.kind === 'descriptor') return candidate.facts;
  if (candidate.kind === 'requested') return candidate.peer;
  return null;
}

const NO_ERRORS: FieldErrors = { byField: {}, other: [] };

/**
 * Step 2 of adding (or accepting) a peer: what the descriptor says, its fingerprint in large
 * type to compare with the one read out by telephone, and the policy. The fingerprint the
 * administrator typed — or, when they ticked that they compared it, the descriptor's own — is
 * sent as `fingerprint`; the node refuses the peer when it differs from the key's.
 */
export function ConfirmPeer(props: {
  candidate: PeerCandidate;
  onBack?: () => void;
  onCancel: () => void;
  onAdded: (peer: PeerView) => void;
}) {
  const { candidate, onBack, onCancel, onAdded } = props;
  const { t } = useI18n();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const facts = factsOf(candidate);
  const [typed, setTyped] = useState('');
  const [compared, setCompared] = useState(false);
  const [policy, setPolicy] = useState(
    candidate.kind === 'requested' ? candidate.peer.policy : DEFAULT_PEER_POLICY,
  );
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => headingRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setFailure(null);
    const fingerprint = typedFingerprint(typed) || (compared && facts ? facts.fingerprint : '');
    setMissing(fingerprint === '');
    if (fingerprint === '') return;
    const body: AddPeerBody =
      candidate.kind === 'descriptor'
        ? { descriptor: candidate.descriptor, fingerprint, policy }
        : candidate.kind === 'url'
          ? { descriptorUrl: candidate.url, fingerprint, policy }
          : { nodeId: candidate.peer.nodeId, fingerprint, policy };
    setBusy(true);
    try {
      onAdded(await peerApi.add(body));
    } catch (err) {
      const sorted = err instanceof ApiError ? fieldErrors(err.details) : NO_ERRORS;
      setErrors(sorted);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const fpErrors = [
    ...(missing ? [t('federation.confirm.required')] : []),
    ...(errors.byField.fingerprint ?? []),
  ];
  const sourceErrors = errors.byField.source ?? [];
  const fpErrorId = fpErrors.length > 0 ? `${id}-fp-errors` : undefined;
  const title =
    candidate.kind === 'requested'
      ? t('federation.confirm.acceptTitle', { name: candidate.peer.name })
      : t('federation.add.step2');
  return (
    <form className="form" onSubmit={submit} noValidate>
      <h3 ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      {failure !== null && <FailureSummary error={failure} other={errors.other} />}
      {facts ? (
        <section aria-labelledby={`${id}-facts`} className="peer-facts">
          <h4 id={`${id}-facts`}>{t('federation.confirm.facts')}</h4>
          <DescriptorFactList
            facts={facts}
            before={
              <>
                <dt>{t('federation.node.name')}</dt>
                <dd>{facts.name}</dd>
              </>
            }
          />
          <p>{t('federation.confirm.intro')}</p>
          <dl className="fingerprint-block">
            <dt>{t('federation.confirm.expected')}</dt>
            <dd className="fingerprint" data-testid="candidate-fingerprint">
              {facts.fingerprint}
            </dd>
          </dl>
        </section>
      ) : (
        candidate.kind === 'url' && <p>{t('federation.confirm.fromUrl', { url: candidate.url })}</p>
      )}
      <ErrorList testId="source-errors" messages={sourceErrors} />
      <div className="field">
        <label htmlFor={`${id}-fp`}>{t('federation.confirm.fingerprintLabel')}</label>
        <input
          id={`${id}-fp`}
          className="fingerprint-input"
          value={typed}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={fpErrorId ? true : undefined}
          aria-describedby={fpErrorId ? `${id}-fp-help ${fpErrorId}` : `${id}-fp-help`}
          onChange={(e) => setTyped(e.target.value)}
        />
        <p className="hint" id={`${id}-fp-help`}>
          {t('federation.confirm.fingerprintHelp')}
        </p>
        <ErrorList id={fpErrorId} testId="fingerprint-errors" messages={fpErrors} />
      </div>
      {facts && (
        <Check checked={compared} onChange={setCompared}>
          {t('federation.confirm.matches')}
        </Check>
      )}
      <PolicyFields value={policy} onChange={setPolicy} errors={errors.byField.policy} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {candidate.kind === 'requested'
            ? t('federation.confirm.acceptSubmit')
            : t('federation.confirm.submit')}
        </button>
        {onBack && (
          <button type="button" className="button" onClick={onBack}>
            {t('federation.add.back')}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          {t('federation.action.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The request's error: when every detail is shown next to its field, a plain pointer to them;
 * otherwise the message, with the details that name no field of this form.
 */
function FailureSummary({ error, other }: { error: unknown; other: readonly ErrorDetail[] }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.details.length > 0 && other.length === 0) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t('federation.add.refused')}</p>
      </div>
    );
  }
  return (
    <>
      <ErrorMessage error={error} />
      <ErrorList messages={other.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))} />
    </>
  );
}
