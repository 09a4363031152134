import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api, withQuery } from '../api/client.js';
import type { ObjectPage } from '../api/types.js';
import { displayName, typeLabel } from '../display.js';
import { en } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { TLP_MARKINGS } from '../tlp.js';
import { useAsync } from '../use-async.js';

/** The filters of `/objects`, kept in the address so a filtered list can be bookmarked. */
export const FILTER_PARAMS = ['type', 'created_by', 'marking', 'modified_since', 'q'] as const;

const KNOWN_TYPES = Object.keys(en)
  .filter((k) => k.startsWith('type.'))
  .map((k) => k.slice('type.'.length));

/** `2024-05-04` from the date field → the start of that day in UTC, as the API wants. */
const dateToRfc3339 = (date: string): string => (date ? `${date}T00:00:00Z` : '');

export function ObjectFilters({ search }: { search: URLSearchParams }) {
  const { t } = useI18n();
  const { node } = useSession();
  const [type, setType] = useState(search.get('type') ?? '');
  const [createdBy, setCreatedBy] = useState(search.get('created_by') ?? '');
  const [marking, setMarking] = useState(search.get('marking') ?? '');
  const [since, setSince] = useState((search.get('modified_since') ?? '').slice(0, 10));
  const [q, setQ] = useState(search.get('q') ?? '');
  const id = useId();
  const [identities] = useAsync(
    () => api<ObjectPage>('GET', withQuery('/objects', { type: 'identity', limit: '200' })),
    'identities',
  );

  const types = [...new Set([...KNOWN_TYPES, ...Object.keys(node?.counts.byType ?? {})])]
    .map((value) => ({ value, label: typeLabel(t, value) }))
    .sort((a, b) => a.label.localeCompare(b.label));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const params = {
      type,
      created_by: createdBy,
      marking,
      modified_since: dateToRfc3339(since),
      q,
    };
    navigate(withQuery('/objects', params));
  };
  const clear = () => {
    setType('');
    setCreatedBy('');
    setMarking('');
    setSince('');
    setQ('');
    navigate('/objects');
  };

  return (
    <form className="filters card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('objects.filters')}</h2>
      <div className="filter-grid">
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('objects.type')}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('objects.anyType')}</option>
            {types.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-by`}>{t('objects.createdBy')}</label>
          <select id={`${id}-by`} value={createdBy} onChange={(e) => setCreatedBy(e.target.value)}>
            <option value="">{t('objects.anyone')}</option>
            {createdBy && identities.status !== 'done' && (
              <option value={createdBy}>{createdBy}</option>
            )}
            {identities.status === 'done' &&
              identities.value.items.map(({ object }) => (
                <option key={object.id} value={object.id}>
                  {displayName(object)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tlp`}>{t('objects.marking')}</label>
          <select id={`${id}-tlp`} value={marking} onChange={(e) => setMarking(e.target.value)}>
            <option value="">{t('objects.anyMarking')}</option>
            {TLP_MARKINGS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-since`}>{t('objects.modifiedSince')}</label>
          <input
            id={`${id}-since`}
            type="date"
            value={since}
            onChange={(e) => setSince(e.target.value)}
          />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-q`}>{t('objects.text')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            aria-describedby={`${id}-q-hint`}
          />
          <p id={`${id}-q-hint`} className="hint">
            {t('objects.textHint')}
          </p>
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">
          {t('objects.apply')}
        </button>
        <button type="button" className="button" onClick={clear}>
          {t('objects.clear')}
        </button>
      </div>
    </form>
  );
}
