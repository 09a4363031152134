import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import type { CaseDetail, LinkKind } from './cases-api.js';
import { EvidenceSection } from './evidence-section.js';
import { SubjectsSection } from '../privacy/subjects-section.js';

const KINDS: readonly LinkKind[] = [
  'incident',
  'indicator',
  'sighting',
  'alert',
  'report',
  'request',
];

/** One case: its members, what it links to, and its evidence with the chain of custody. */
export function CasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const { node } = useSession();
  const path = `/cases/${encodeURIComponent(id)}`;
  const [state, reload] = useAsync(() => api<CaseDetail>('GET', path), path);
  usePageTitle(state.status === 'done' ? state.value.reference : t('cases.title'), node?.name);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} retry={reload} />;
  const c = state.value;
  const manages = c.access === 'lead';
  const contributes = manages || c.access === 'investigator';
  return (
    <>
      <h1 tabIndex={-1}>
        {c.reference} — {c.title}
      </h1>
      <p>
        {t(`cases.status.${c.status}`)}
        {c.closed_reason ? `: ${c.closed_reason}` : ''} ·{' '}
        {t('cases.access', { access: t(`cases.role.${c.access}`) })}
      </p>
      <section aria-labelledby="case-links">
        <h2 id="case-links">{t('cases.links')}</h2>
        {c.links.length === 0 ? (
          <p>{t('cases.linksEmpty')}</p>
        ) : (
          <ul>
            {c.links.map((l) => (
              <li key={`${l.kind}:${l.target_id}`}>
                {t(`cases.kind.${l.kind}`)}:{' '}
                {l.kind === 'request' ? (
                  <code>{l.target_id}</code>
                ) : (
                  <Link to={`/objects/${encodeURIComponent(l.target_id)}`}>
                    {l.label ?? l.target_id}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
        {c.hidden_links > 0 && <p>{t('cases.hiddenLinks', { count: c.hidden_links })}</p>}
        {contributes && c.status === 'open' && <LinkForm path={path} onDone={reload} />}
      </section>
      <section aria-labelledby="case-members">
        <h2 id="case-members">{t('cases.members')}</h2>
        <ul>
          {c.members.map((m) => (
            <li key={m.user_id}>
              {m.username} ({t(`cases.role.${m.role}`)})
            </li>
          ))}
        </ul>
        {manages && c.status === 'open' && <MemberForm path={path} onDone={reload} />}
      </section>
      <SubjectsSection caseId={id} contributes={contributes && c.status === 'open'} />
      <EvidenceSection
        caseId={id}
        contributes={contributes && c.status === 'open'}
        exports={contributes || c.access === 'operator'}
      />
    </>
  );
}

function LinkForm({ path, onDone }: { path: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [kind, setKind] = useState<LinkKind>('incident');
  const [target, setTarget] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api('POST', `${path}/links`, { kind, target_id: target.trim() });
      setTarget('');
      onDone();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('cases.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as LinkKind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`cases.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-target`}>{t('cases.targetId')}</label>
        <input
          id={`${id}-target`}
          value={target}
          required
          maxLength={200}
          onChange={(e) => setTarget(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={!target.trim()}>
        {t('cases.addLink')}
      </button>
    </form>
  );
}

function MemberForm({ path, onDone }: { path: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<'lead' | 'investigator' | 'observer'>('investigator');
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api('POST', `${path}/members`, { username: username.trim(), role });
      setUsername('');
      onDone();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('cases.username')}</label>
        <input
          id={`${id}-user`}
          value={username}
          required
          maxLength={200}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('cases.role')}</label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(e.target.value as typeof role)}
        >
          {(['lead', 'investigator', 'observer'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`cases.role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={!username.trim()}>
        {t('cases.addMember')}
      </button>
    </form>
  );
}
