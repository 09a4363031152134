import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

interface SharingGroup {
  readonly id: string;
  readonly name: string;
  readonly owner_org_id: string;
  readonly hide_members: boolean;
  readonly member_count: number;
  readonly members:
    readonly { readonly organization_id: string; readonly name: string | null }[] | null;
}

/** Sharing groups: the ones the user's organisation owns or belongs to (admins: all), managed here. */
export function SharingGroupsPage() {
  const { t } = useI18n();
  const { node, user } = useSession();
  usePageTitle(t('groups.title'), node?.name);
  const [groups, reload] = useAsync(
    () => api<{ groups: SharingGroup[] }>('GET', '/sharing-groups'),
    'groups',
  );
  const manages = user.role === 'admin' || user.role === 'analyst';
  return (
    <>
      <h1 tabIndex={-1}>{t('groups.title')}</h1>
      {manages && <NewGroupForm onCreated={reload} />}
      {groups.status === 'loading' && <Loading />}
      {groups.status === 'error' && <ErrorMessage error={groups.error} retry={reload} />}
      {groups.status === 'done' &&
        (groups.value.groups.length === 0 ? (
          <p>{t('groups.empty')}</p>
        ) : (
          groups.value.groups.map((g) => (
            <GroupCard key={g.id} group={g} manages={manages} onChanged={reload} />
          ))
        ))}
    </>
  );
}

function GroupCard(props: { group: SharingGroup; manages: boolean; onChanged: () => void }) {
  const { group, manages, onChanged } = props;
  const { t } = useI18n();
  const id = useId();
  const [org, setOrg] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api('POST', `/sharing-groups/${group.id}/members`, { organization_id: org.trim() });
      setOrg('');
      onChanged();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{group.name}</h2>
      <p>
        <code>{group.id}</code> · {t('groups.members', { count: String(group.member_count) })}
      </p>
      {group.members === null ? (
        <p>{t('groups.membersHidden')}</p>
      ) : (
        <ul>
          {group.members.map((m) => (
            <li key={m.organization_id}>
              {m.name ?? t('groups.remote')} <code>{m.organization_id}</code>
            </li>
          ))}
        </ul>
      )}
      {manages && (
        <form className="form" onSubmit={add}>
          {failure !== null && <ErrorMessage error={failure} />}
          <div className="field">
            <label htmlFor={`${id}-org`}>{t('groups.orgId')}</label>
            <input
              id={`${id}-org`}
              value={org}
              required
              maxLength={60}
              onChange={(e) => setOrg(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={!org.trim()}>
            {t('groups.addMember')}
          </button>
        </form>
      )}
    </section>
  );
}

function NewGroupForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [hide, setHide] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api('POST', '/sharing-groups', { name: name.trim(), hide_members: hide });
      setName('');
      setHide(false);
      onCreated();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('groups.newTitle')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('groups.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={hide} onChange={(e) => setHide(e.target.checked)} />{' '}
          {t('groups.hideMembers')}
        </label>
      </div>
      <button type="submit" className="button button-primary" disabled={!name.trim()}>
        {t('groups.create')}
      </button>
    </form>
  );
}
