import type { ReactNode } from 'react';
import { api } from '../api/client.js';
import type { StoredObject } from '../api/types.js';
import { displayName, typeLabel } from '../display.js';
import { useI18n } from '../i18n/i18n.js';
import { isMessageKey } from '../i18n/languages.js';
import { Link } from '../router.js';
import { tlpOfMarking } from '../tlp.js';
import { useAsync } from '../use-async.js';
import { TlpBadge } from './tlp-badge.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const STIX_ID = /^[a-z0-9-]+--[0-9a-f-]{36}$/;

/** `created_by_ref` → "Created by" in the chosen language, else a readable form of the name. */
function PropertyName({ name }: { name: string }) {
  const { t } = useI18n();
  const key = `prop.${name}`;
  if (!isMessageKey(key)) return <>{name.replace(/_/g, ' ')}</>;
  return (
    <>
      {t(key)} <code className="prop-key">{name}</code>
    </>
  );
}

/** A link to a referenced object, named once its name is known (the id stays visible). */
function ObjectLink({ id }: { id: string }) {
  const [target] = useAsync(
    () => api<StoredObject>('GET', `/objects/${encodeURIComponent(id)}`),
    id,
  );
  const name = target.status === 'done' ? displayName(target.value.object) : null;
  return (
    <Link to={`/objects/${encodeURIComponent(id)}`} className="ref">
      {name && name !== id && <span className="ref-name">{name}</span>}
      <code className="ref-id">{id}</code>
    </Link>
  );
}

/** A reference to another STIX object: a TLP badge for TLP markings, else a link to it. */
function Reference({ id }: { id: string }) {
  const tlp = tlpOfMarking(id);
  return tlp ? <TlpBadge level={tlp} /> : <ObjectLink id={id} />;
}

function Value({ name, value }: { name: string; value: unknown }): ReactNode {
  const { t, formatDateTime, formatNumber } = useI18n();
  const isRef = name.endsWith('_ref') || name.endsWith('_refs');
  if (Array.isArray(value)) {
    if (value.length === 0) return t('common.none');
    return (
      <ul className={isRef ? 'inline-list' : 'value-list'}>
        {value.map((v, i) => (
          <li key={i}>
            <Value name={name} value={v} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'string') {
    if (isRef && STIX_ID.test(value)) return <Reference id={value} />;
    if (TIMESTAMP.test(value)) return <time dateTime={value}>{formatDateTime(value)}</time>;
    if (name === 'type') return typeLabel(t, value);
    if (name === 'pattern' || name === 'id') return <code className="long">{value}</code>;
    return <span className="long">{value}</span>;
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return formatNumber(value);
  if (value !== null && typeof value === 'object') {
    return <PropertyList object={value as Record<string, unknown>} nested />;
  }
  return t('common.none');
}

/**
 * Every property of a STIX object (or of a nested value) as a definition list: references
 * link to the referenced object, timestamps use the chosen language, markings show as TLP.
 * URLs found in threat data are shown as text, never as links, so nobody opens them by
 * mistake.
 */
export function PropertyList({
  object,
  nested = false,
}: {
  object: Readonly<Record<string, unknown>>;
  nested?: boolean;
}) {
  return (
    <dl className={nested ? 'props props-nested' : 'props'}>
      {Object.entries(object).map(([name, value]) => (
        <div key={name} className="prop">
          <dt>
            <PropertyName name={name} />
          </dt>
          <dd>
            <Value name={name} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
