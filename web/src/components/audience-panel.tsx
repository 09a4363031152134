import { api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../use-async.js';
import { ErrorMessage, Loading } from './status.js';

interface Audience {
  readonly public: boolean;
  readonly organizations: readonly { readonly id: string; readonly name: string }[];
  readonly users: readonly { readonly id: string; readonly username: string }[];
  readonly members_hidden: boolean;
}

/** "Who can see this?": the audience the node's read policy computes for one object. */
export function AudiencePanel({ id }: { id: string }) {
  const { t } = useI18n();
  const [audience, reload] = useAsync(
    () => api<Audience>('GET', `/objects/${encodeURIComponent(id)}/audience`),
    id,
  );
  return (
    <section aria-labelledby="audience-title" className="card audience">
      <h2 id="audience-title">{t('audience.title')}</h2>
      {audience.status === 'loading' && <Loading />}
      {audience.status === 'error' && <ErrorMessage error={audience.error} retry={reload} />}
      {audience.status === 'done' && (
        <>
          {audience.value.public && <p>{t('audience.public')}</p>}
          {audience.value.organizations.length === 0 ? (
            <p>{t('audience.nobody')}</p>
          ) : (
            <>
              <p>{t('audience.organizations')}</p>
              <ul className="audience-orgs">
                {audience.value.organizations.map((o) => (
                  <li key={o.id}>{o.name}</li>
                ))}
              </ul>
            </>
          )}
          {audience.value.users.length > 0 && (
            <>
              <p>{t('audience.users')}</p>
              <ul className="audience-users">
                {audience.value.users.map((u) => (
                  <li key={u.id}>{u.username}</li>
                ))}
              </ul>
            </>
          )}
          {audience.value.members_hidden && <p>{t('audience.hidden')}</p>}
          <p className="hint">{t('audience.admins')}</p>
        </>
      )}
    </section>
  );
}
