import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../use-async.js';
import { SealedField } from './sealed-field.js';

const ROLES = ['suspect', 'victim', 'witness', 'other'] as const;
const FIELDS = ['name', 'email', 'account', 'notes'] as const;
type SubjectRole = (typeof ROLES)[number];

interface Subject {
  readonly id: string;
  readonly role: SubjectRole;
  readonly fields: Readonly<Record<string, { sealed: true; category: string }>>;
  readonly added_by: string;
  readonly added_at: string;
}

/** The people a case concerns, each personal field sealed until opened for a purpose. */
export function SubjectsSection({ caseId, contributes }: { caseId: string; contributes: boolean }) {
  const { t } = useI18n();
  const path = `/cases/${encodeURIComponent(caseId)}/subjects`;
  const [state, reload] = useAsync(() => api<{ subjects: Subject[] }>('GET', path), path);
  return (
    <section aria-labelledby="case-subjects">
      <h2 id="case-subjects">{t('privacy.subjects')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={reload} />}
      {state.status === 'done' &&
        (state.value.subjects.length === 0 ? (
          <p>{t('privacy.subjectsEmpty')}</p>
        ) : (
          <ul className="subjects">
            {state.value.subjects.map((s) => (
              <li key={s.id}>
                <strong>{t(`privacy.subjectRole.${s.role}`)}</strong>
                <dl>
                  {FIELDS.filter((f) => s.fields[f]).map((f) => (
                    <div key={f}>
                      <dt>{t(`privacy.field.${f}`)}</dt>
                      <dd>
                        <SealedField
                          resource="case-subject"
                          id={s.id}
                          field={f}
                          category={s.fields[f]!.category}
                          label={t(`privacy.field.${f}`)}
                        />
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        ))}
      {contributes && <SubjectForm path={path} onDone={reload} />}
    </section>
  );
}

function SubjectForm({ path, onDone }: { path: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [role, setRole] = useState<SubjectRole>('suspect');
  const [values, setValues] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const filled = FIELDS.some((f) => (values[f] ?? '').trim() !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    try {
      const body: Record<string, string> = { role };
      for (const f of FIELDS) if ((values[f] ?? '').trim()) body[f] = values[f]!.trim();
      await api('POST', path, body);
      setValues({});
      onDone();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-describedby={`${id}-note`}>
      <p id={`${id}-note`}>{t('privacy.addSubjectNote')}</p>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('privacy.subjectRole')}</label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(e.target.value as SubjectRole)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`privacy.subjectRole.${r}`)}
            </option>
          ))}
        </select>
      </div>
      {FIELDS.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`${id}-${f}`}>{t(`privacy.field.${f}`)}</label>
          <input
            id={`${id}-${f}`}
            value={values[f] ?? ''}
            maxLength={f === 'notes' ? 4000 : 300}
            onChange={(e) => setValues({ ...values, [f]: e.target.value })}
          />
        </div>
      ))}
      <button type="submit" className="button" disabled={!filled}>
        {t('privacy.addSubject')}
      </button>
    </form>
  );
}
