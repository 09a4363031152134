import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

interface Audience {
  readonly roles: readonly string[];
  readonly organization_ids: readonly string[];
}

/** A TAXII collection as `GET /api/v1/collections` returns it. */
interface Collection {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly kind: string;
  readonly filter: {
    readonly types?: readonly string[];
    readonly max_tlp?: string;
    readonly include_unmarked?: boolean;
    readonly owner_org_ids?: readonly string[];
  };
  readonly readers: Audience | null;
  readonly writers: Audience | null;
  readonly distribution: string;
}

const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

/** The TAXII 2.1 address of a collection under this node's one API root. */
function taxiiUrl(c: Collection): string {
  return `${window.location.origin}/taxii2/nohaven/collections/${encodeURIComponent(c.id)}/`;
}

/** TAXII collections (admins): list, define and remove them. */
export function CollectionsPage() {
  const { t } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('collections.title'), node?.name);
  const isAdmin = user.role === 'admin';
  const [list, reload] = useAsync(
    () =>
      isAdmin
        ? api<{ collections: Collection[] }>('GET', '/collections')
        : Promise.resolve({ collections: [] }),
    'collections',
  );
  if (!isAdmin) {
    return (
      <>
        <h1 tabIndex={-1}>{t('collections.title')}</h1>
        <p>{t('collections.adminsOnly')}</p>
      </>
    );
  }
  return (
    <>
      <h1 tabIndex={-1}>{t('collections.title')}</h1>
      <p>{t('collections.intro')}</p>
      <NewCollectionForm onCreated={reload} />
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorMessage error={list.error} retry={reload} />}
      {list.status === 'done' &&
        (list.value.collections.length === 0 ? (
          <p>{t('collections.empty')}</p>
        ) : (
          list.value.collections.map((c) => (
            <CollectionCard key={c.id} collection={c} onRemoved={reload} />
          ))
        ))}
    </>
  );
}

function CollectionCard({
  collection: c,
  onRemoved,
}: {
  collection: Collection;
  onRemoved: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [failure, setFailure] = useState<unknown>(null);
  const audience = (a: Audience | null): string =>
    a === null
      ? t('collections.nobody')
      : a.roles.length === 0 && a.organization_ids.length === 0
        ? t('collections.everyMember')
        : [...a.roles, ...a.organization_ids].join(', ');
  const f = c.filter;
  const shows = [
    f.types?.length
      ? t('collections.showsTypes', { types: f.types.join(', ') })
      : t('collections.showsAllTypes'),
    f.max_tlp ? t('collections.showsUpTo', { tlp: f.max_tlp.toUpperCase() }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const remove = async () => {
    if (!window.confirm(t('collections.confirmRemove', { title: c.title }))) return;
    setFailure(null);
    try {
      await api('DELETE', `/collections/${encodeURIComponent(c.id)}`);
      onRemoved();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{c.title}</h2>
      {c.description && <p>{c.description}</p>}
      {failure !== null && <ErrorMessage error={failure} />}
      <dl className="props">
        <dt>{t('collections.id')}</dt>
        <dd>
          <code>{c.id}</code>
        </dd>
        <dt>{t('collections.kind')}</dt>
        <dd>{c.kind === 'inbox' ? t('collections.kindInbox') : t('collections.kindView')}</dd>
        <dt>{t('collections.shows')}</dt>
        <dd>{shows}</dd>
        <dt>{t('collections.readers')}</dt>
        <dd>{audience(c.readers)}</dd>
        <dt>{t('collections.writers')}</dt>
        <dd>{audience(c.writers)}</dd>
        <dt>{t('collections.taxiiUrl')}</dt>
        <dd>
          <code>{taxiiUrl(c)}</code>
        </dd>
      </dl>
      <button type="button" className="button" onClick={() => void remove()}>
        {t('collections.remove')}
      </button>
    </section>
  );
}

/**
 * The API's field name for a validation problem: `body/filter/types/0` (schema) and
 * `filter.types` (service) both become `filter.types`.
 */
function fieldOf(path: string): string {
  return path
    .replace(/^body\/?/, '')
    .split(/[./]/)
    .filter((p) => p !== '' && !/^\d+$/.test(p))
    .join('.')
    .replace('filter.maxTlp', 'filter.max_tlp');
}

const FIELDS = [
  'title',
  'description',
  'alias',
  'kind',
  'filter.types',
  'filter.max_tlp',
  'readers.roles',
  'writers.roles',
];

function NewCollectionForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [alias, setAlias] = useState('');
  const [kind, setKind] = useState<'view' | 'inbox'>('view');
  const [types, setTypes] = useState('');
  const [maxTlp, setMaxTlp] = useState('');
  const [readers, setReaders] = useState('');
  const [writers, setWriters] = useState('');
  const [writeNobody, setWriteNobody] = useState(true);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const list = (s: string): string[] =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setProblems({});
    const typeList = list(types);
    try {
      await api('POST', '/collections', {
        title: title.trim(),
        description: description.trim() || null,
        alias: alias.trim() || null,
        kind,
        filter: {
          ...(typeList.length ? { types: typeList } : {}),
          ...(maxTlp ? { max_tlp: maxTlp } : {}),
        },
        readers: { roles: list(readers), organization_ids: [] },
        writers: writeNobody ? null : { roles: list(writers), organization_ids: [] },
      });
      setTitle('');
      setDescription('');
      setAlias('');
      setTypes('');
      setMaxTlp('');
      setReaders('');
      setWriters('');
      onCreated();
    } catch (err) {
      const byField: Record<string, string> = {};
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const field = fieldOf(d.path);
          if (FIELDS.includes(field) && !byField[field]) byField[field] = d.message;
        }
      }
      if (Object.keys(byField).length > 0) setProblems(byField);
      else setFailure(err);
    }
  };
  const fieldProps = (field: string) => ({
    id: `${id}-${field}`,
    'aria-invalid': problems[field] ? true : undefined,
    'aria-describedby': problems[field] ? `${id}-${field}-error` : undefined,
  });
  const error = (field: string) =>
    problems[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {problems[field]}
      </p>
    ) : null;
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h2 id={`${id}-heading`}>{t('collections.newTitle')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {Object.keys(problems).length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('collections.fixErrors')}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('collections.titleField')}</label>
        <input {...fieldProps('title')} value={title} onChange={(e) => setTitle(e.target.value)} />
        {error('title')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('collections.description')}</label>
        <textarea
          {...fieldProps('description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {error('description')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-alias`}>{t('collections.alias')}</label>
        <input {...fieldProps('alias')} value={alias} onChange={(e) => setAlias(e.target.value)} />
        {error('alias')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('collections.kind')}</label>
        <select
          {...fieldProps('kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value === 'inbox' ? 'inbox' : 'view')}
        >
          <option value="view">{t('collections.kindView')}</option>
          <option value="inbox">{t('collections.kindInbox')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-filter.types`}>{t('collections.types')}</label>
        <input
          {...fieldProps('filter.types')}
          value={types}
          placeholder="indicator, malware"
          onChange={(e) => setTypes(e.target.value)}
        />
        {error('filter.types')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-filter.max_tlp`}>{t('collections.maxTlp')}</label>
        <select
          {...fieldProps('filter.max_tlp')}
          value={maxTlp}
          onChange={(e) => setMaxTlp(e.target.value)}
        >
          <option value="">{t('collections.anyTlp')}</option>
          {TLP_LEVELS.map((l) => (
            <option key={l} value={l}>
              {`TLP:${l.toUpperCase()}`}
            </option>
          ))}
        </select>
        {error('filter.max_tlp')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-readers.roles`}>{t('collections.readerRoles')}</label>
        <input
          {...fieldProps('readers.roles')}
          value={readers}
          onChange={(e) => setReaders(e.target.value)}
        />
        {error('readers.roles')}
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={writeNobody}
            onChange={(e) => setWriteNobody(e.target.checked)}
          />{' '}
          {t('collections.writeNobody')}
        </label>
      </div>
      {!writeNobody && (
        <div className="field">
          <label htmlFor={`${id}-writers.roles`}>{t('collections.writerRoles')}</label>
          <input
            {...fieldProps('writers.roles')}
            value={writers}
            onChange={(e) => setWriters(e.target.value)}
          />
          {error('writers.roles')}
        </div>
      )}
      <button type="submit" className="button button-primary">
        {t('collections.create')}
      </button>
    </form>
  );
}
