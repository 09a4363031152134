import { useId } from 'react';
import { ErrorMessage } from '../components/status.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { tlpLabel } from '../tlp.js';
import { useAsync } from '../use-async.js';
import { peerApi } from './peer-api.js';
import { Check, ErrorList } from './form-bits.js';
import { toggled } from './peer-form.js';
import {
  PEER_CONTENTS,
  PEER_DISTRIBUTIONS,
  TLP_CEILINGS,
  type PeerContent,
  type PeerDistribution,
  type PeerPolicy,
} from './peer.types.js';

const DISTRIBUTION_LABEL: Record<PeerDistribution, MessageKey> = {
  connected: 'federation.policy.distribution.connected',
  all: 'federation.policy.distribution.all',
};
const CONTENT_LABEL: Record<PeerContent, MessageKey> = {
  objects: 'federation.policy.content.objects',
  alerts: 'federation.policy.content.alerts',
  aggregates: 'federation.policy.content.aggregates',
  legal: 'federation.policy.content.legal',
};

/**
 * The per-peer policy (issue 6 §2) as form fields: highest TLP, distributions, sharing groups
 * (from the node's sharing-group list) and kinds of content, each with its help text.
 */
export function PolicyFields(props: {
  value: PeerPolicy;
  onChange: (policy: PeerPolicy) => void;
  errors?: readonly string[];
}) {
  const { value, onChange, errors = [] } = props;
  const { t } = useI18n();
  const id = useId();
  const [groups, reloadGroups] = useAsync(() => peerApi.sharingGroups(), 'federation-groups');
  const errorId = errors.length > 0 ? `${id}-errors` : undefined;
  return (
    <fieldset className="policy" aria-describedby={errorId}>
      <legend>{t('federation.policy.title')}</legend>
      <p className="hint">{t('federation.policy.help')}</p>
      <ErrorList id={errorId} messages={errors} />
      <div className="field">
        <label htmlFor={`${id}-tlp`}>{t('federation.policy.maxTlp')}</label>
        <select
          id={`${id}-tlp`}
          value={value.maxTlp}
          aria-describedby={`${id}-tlp-help`}
          onChange={(e) => onChange({ ...value, maxTlp: e.target.value as PeerPolicy['maxTlp'] })}
        >
          {TLP_CEILINGS.map((level) => (
            <option key={level} value={level}>
              {tlpLabel(level)}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-tlp-help`}>
          {t('federation.policy.maxTlpHelp')}
        </p>
      </div>
      <fieldset className="policy-group">
        <legend>{t('federation.policy.distributions')}</legend>
        {PEER_DISTRIBUTIONS.map((d) => (
          <Check
            key={d}
            checked={value.distributions.includes(d)}
            onChange={(on) => onChange(toggled(value, 'distributions', d, on, PEER_DISTRIBUTIONS))}
          >
            {t(DISTRIBUTION_LABEL[d])}
          </Check>
        ))}
        <p className="hint">{t('federation.policy.distributionsHelp')}</p>
      </fieldset>
      <fieldset className="policy-group">
        <legend>{t('federation.policy.sharingGroups')}</legend>
        {groups.status === 'error' && <ErrorMessage error={groups.error} retry={reloadGroups} />}
        {groups.status === 'done' && groups.value.length === 0 && (
          <p>{t('federation.policy.noGroups')}</p>
        )}
        {groups.status === 'done' &&
          groups.value.map((g) => (
            <Check
              key={g.id}
              checked={value.sharingGroups.includes(g.id)}
              onChange={(on) => {
                const others = value.sharingGroups.filter((s) => s !== g.id);
                onChange({ ...value, sharingGroups: on ? [...others, g.id] : others });
              }}
            >
              {g.name}
            </Check>
          ))}
        <p className="hint">{t('federation.policy.sharingGroupsHelp')}</p>
      </fieldset>
      <fieldset className="policy-group">
        <legend>{t('federation.policy.content')}</legend>
        {PEER_CONTENTS.map((c) => (
          <Check
            key={c}
            checked={value.content.includes(c)}
            onChange={(on) => onChange(toggled(value, 'content', c, on, PEER_CONTENTS))}
          >
            {t(CONTENT_LABEL[c])}
          </Check>
        ))}
      </fieldset>
    </fieldset>
  );
}
