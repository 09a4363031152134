import type { ReactNode } from 'react';
import { displayCountry } from '../country.js';
import { useI18n } from '../i18n/i18n.js';
import type { DescriptorFacts } from './peer-form.js';

/**
 * What a descriptor says of its node, as a description list: operating organisation, country,
 * sector, address and node id; `before` and `after` add rows around them.
 */
export function DescriptorFactList(props: {
  facts: DescriptorFacts;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const { facts } = props;
  const { t, lang } = useI18n();
  return (
    <dl className="facts">
      {props.before}
      <dt>{t('federation.node.organization')}</dt>
      <dd>{facts.organization.name}</dd>
      <dt>{t('federation.node.country')}</dt>
      <dd>{displayCountry(facts.country, lang)}</dd>
      <dt>{t('federation.confirm.sector')}</dt>
      <dd>{facts.sector}</dd>
      <dt>{t('federation.confirm.baseUrl')}</dt>
      <dd className="long">{facts.baseUrl}</dd>
      <dt>{t('federation.node.nodeId')}</dt>
      <dd>
        <code className="long">{facts.nodeId}</code>
      </dd>
      {props.after}
    </dl>
  );
}
