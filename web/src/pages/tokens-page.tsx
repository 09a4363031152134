import { useState } from 'react';
import { api } from '../api/client.js';
import type { CreatedToken, Token } from '../api/types.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { NewToken } from './new-token.js';
import { TokenForm } from './token-form.js';

/** The user's API tokens: create one (its secret shown once), list them, revoke one. */
export function TokensPage() {
  const { t, formatDateTime } = useI18n();
  const { node } = useSession();
  usePageTitle(t('tokens.title'), node?.name);
  const [tokens, reload] = useAsync(() => api<{ tokens: Token[] }>('GET', '/tokens'), 'tokens');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<unknown>(null);

  const revoke = async (token: Token) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    setFailure(null);
    try {
      await api<void>('DELETE', `/tokens/${encodeURIComponent(token.id)}`);
      setNotice(t('tokens.revokedNotice', { name: token.name }));
      reload();
    } catch (err) {
      setFailure(err);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {created ? (
        <NewToken token={created} onDone={() => setCreated(null)} />
      ) : (
        <TokenForm
          onCreated={(token) => {
            setNotice('');
            setCreated(token);
            reload();
          }}
        />
      )}
      <section aria-labelledby="tokens-list-title">
        <h2 id="tokens-list-title">{t('tokens.list')}</h2>
        <div role="status" className="live">
          {notice && <p className="notice notice-success">{notice}</p>}
        </div>
        {failure !== null && <ErrorMessage error={failure} />}
        {tokens.status === 'loading' && <Loading />}
        {tokens.status === 'error' && <ErrorMessage error={tokens.error} retry={reload} />}
        {tokens.status === 'done' &&
          (tokens.value.tokens.length === 0 ? (
            <p>{t('tokens.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('tokens.colName')}</th>
                    <th scope="col">{t('tokens.colCreated')}</th>
                    <th scope="col">{t('tokens.colLastUsed')}</th>
                    <th scope="col">{t('tokens.colStatus')}</th>
                    <th scope="col">{t('tokens.colActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.value.tokens.map((token) => (
                    <tr key={token.id}>
                      <th scope="row" className="long">
                        {token.name}
                      </th>
                      <td>{formatDateTime(token.createdAt)}</td>
                      <td>
                        {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.never')}
                      </td>
                      <td>
                        {token.revokedAt
                          ? t('tokens.revokedOn', { date: formatDateTime(token.revokedAt) })
                          : t('tokens.active')}
                      </td>
                      <td>
                        {!token.revokedAt && (
                          <button
                            type="button"
                            className="button button-danger"
                            aria-label={t('tokens.revokeLabel', { name: token.name })}
                            onClick={() => void revoke(token)}
                          >
                            {t('tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </>
  );
}
