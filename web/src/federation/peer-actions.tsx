import { useId, useState } from 'react';
import { ErrorMessage } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { peerApi } from './peer-api.js';
import { stateLabel } from './peer-health.js';
import type { PeerState, PeerView } from './peer.types.js';

type Action = 'suspend' | 'resume' | 'retry' | 'remove';

/** What an administrator may do with a peer in each state. */
const ACTIONS: Readonly<Record<PeerState, readonly Action[]>> = {
  requested: ['remove'],
  'awaiting-remote': ['retry', 'suspend', 'remove'],
  active: ['retry', 'suspend', 'remove'],
  suspended: ['resume', 'remove'],
  removed: [],
};

const LABEL: Record<Action, MessageKey> = {
  suspend: 'federation.action.suspend',
  resume: 'federation.action.resume',
  retry: 'federation.action.retry',
  remove: 'federation.action.remove',
};

/** The questions asked before an action; retrying changes nothing and is not asked. */
const QUESTION: Partial<Record<Action, { title: MessageKey; body: MessageKey }>> = {
  suspend: { title: 'federation.dialog.suspend', body: 'federation.dialog.suspendBody' },
  resume: { title: 'federation.dialog.resume', body: 'federation.dialog.resumeBody' },
  remove: { title: 'federation.dialog.remove', body: 'federation.dialog.removeBody' },
};

/** Actions whose reason, when given, is recorded in the audit chain. */
const REASONED: readonly Action[] = ['suspend', 'remove'];

/** Suspend, resume, retry and remove, each state-changing one behind a confirmation dialog. */
export function PeerActions({
  peer,
  onDone,
}: {
  peer: PeerView;
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [asking, setAsking] = useState<Action | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const run = async (action: Action, reason = '') => {
    setAsking(null);
    setFailure(null);
    try {
      if (action === 'remove') {
        await peerApi.remove(peer.nodeId, reason);
        onDone(t('federation.removed', { name: peer.name }));
      } else {
        const after = await peerApi.act(peer.nodeId, action, action === 'suspend' ? reason : '');
        onDone(
          action === 'retry'
            ? t('federation.retried', { name: after.name })
            : t('federation.done', { name: after.name, state: t(stateLabel(after.state)) }),
        );
      }
    } catch (err) {
      setFailure(err);
    }
  };
  const question = asking ? QUESTION[asking] : undefined;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('federation.detail.manage')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="actions">
        {ACTIONS[peer.state].map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'remove' ? 'button button-danger' : 'button'}
            onClick={() => (QUESTION[action] ? setAsking(action) : void run(action))}
          >
            {t(LABEL[action])}
          </button>
        ))}
      </div>
      {asking && question && (
        <ConfirmDialog
          title={t(question.title, { name: peer.name })}
          body={t(question.body)}
          confirm={t(LABEL[asking])}
          danger={asking === 'remove'}
          reasonLabel={REASONED.includes(asking) ? t('federation.dialog.reason') : undefined}
          onConfirm={(reason) => void run(asking, reason)}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
