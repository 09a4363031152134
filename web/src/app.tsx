import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, SESSION_EXPIRED, sessionEvents } from './api/client.js';
import type { NodeInfo, User } from './api/types.js';
import { Header } from './components/header.js';
import { ErrorMessage, Loading } from './components/status.js';
import type { MessageKey } from './i18n/en.js';
import { useI18n } from './i18n/i18n.js';
import { HomePage } from './pages/home-page.js';
import { ImportPage } from './pages/import-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { ObjectDetailPage } from './pages/object-detail-page.js';
import { ObjectsPage } from './pages/objects-page.js';
import { DeliveriesPage } from './pages/deliveries-page.js';
import { FederationPage } from './federation/federation-page.js';
import { CasesPage } from './cases/cases-page.js';
import { CasePage } from './cases/case-page.js';
import { AuditPage } from './oversight/audit-page.js';
import { TransparencyPage } from './oversight/transparency-page.js';
import { DsrPage } from './oversight/dsr-page.js';
import { RequestsPage } from './requests/requests-page.js';
import { RequestWizard } from './requests/request-wizard.js';
import { RequestPage } from './requests/request-page.js';
import { ReportPage } from './pages/report/report-page.js';
import { SharingGroupsPage } from './pages/sharing-groups-page.js';
import { CollectionsPage } from './pages/collections-page.js';
import { BreakGlassPage } from './pages/break-glass-page.js';
import { ContactsPage } from './pages/contacts-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { QueuePage } from './pages/queue-page.js';
import { CoveragePage } from './pages/coverage-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { TokensPage } from './pages/tokens-page.js';
import { navigate, useFocusHeadingOnPageChange, useLocation, type Location } from './router.js';
import { SessionContext, type Session } from './session.js';

type AuthState =
  | { readonly status: 'checking' }
  | { readonly status: 'failed'; readonly error: unknown }
  | { readonly status: 'out'; readonly notice: MessageKey | null }
  | { readonly status: 'in'; readonly user: User };

function Page({ location }: { location: Location }) {
  const { path, search } = location;
  if (path === '/') return <HomePage />;
  if (path === '/objects') return <ObjectsPage search={search} />;
  if (path === '/tokens') return <TokensPage />;
  if (path === '/report') return <ReportPage />;
  if (path === '/sharing-groups') return <SharingGroupsPage />;
  if (path === '/import') return <ImportPage />;
  if (path === '/collections') return <CollectionsPage />;
  if (path === '/break-glass') return <BreakGlassPage />;
  if (path === '/contacts') return <ContactsPage />;
  if (path === '/queue') return <QueuePage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/coverage') return <CoveragePage />;
  if (path === '/deliveries') return <DeliveriesPage />;
  if (path === '/federation') return <FederationPage peer={search.get('peer')} />;
  if (path === '/cases') return <CasesPage />;
  if (path === '/oversight') return <AuditPage />;
  if (path === '/oversight/transparency') return <TransparencyPage />;
  if (path === '/oversight/data-subject-requests') return <DsrPage />;
  if (path === '/requests') return <RequestsPage search={search} />;
  if (path === '/requests/new') return <RequestWizard search={search} />;
  const requestPath = /^\/requests\/([0-9a-f-]{36})$/.exec(path);
  if (requestPath?.[1]) return <RequestPage id={requestPath[1]} />;
  const casePath = /^\/cases\/([^/]+)$/.exec(path);
  if (casePath?.[1]) return <CasePage id={decodeURIComponent(casePath[1])} />;
  const detail = /^\/objects\/([^/]+)$/.exec(path);
  if (detail?.[1]) {
    return <ObjectDetailPage id={decodeURIComponent(detail[1])} version={search.get('version')} />;
  }
  return <NotFoundPage />;
}

/** The shell: skip link, banner, main region; the sign-in page until a session exists. */
export function App() {
  const { t } = useI18n();
  const location = useLocation();
  const [auth, setAuth] = useState<AuthState>({ status: 'checking' });
  const [node, setNode] = useState<NodeInfo | null>(null);
  const [nodeGeneration, setNodeGeneration] = useState(0);
  useFocusHeadingOnPageChange(location.path);

  const checkSession = useCallback(() => {
    setAuth({ status: 'checking' });
    api<{ user: User }>('GET', '/auth/me').then(
      (res) => setAuth({ status: 'in', user: res.user }),
      (error: unknown) =>
        setAuth(
          error instanceof ApiError && error.status === 401
            ? { status: 'out', notice: null }
            : { status: 'failed', error },
        ),
    );
  }, []);
  useEffect(checkSession, [checkSession]);

  useEffect(() => {
    const expired = () => setAuth({ status: 'out', notice: 'error.session' });
    sessionEvents.addEventListener(SESSION_EXPIRED, expired);
    return () => sessionEvents.removeEventListener(SESSION_EXPIRED, expired);
  }, []);

  const signedIn = auth.status === 'in';
  useEffect(() => {
    if (!signedIn) return;
    let current = true;
    api<NodeInfo>('GET', '/node').then(
      (n) => current && setNode(n),
      () => current && setNode(null),
    );
    return () => {
      current = false;
    };
  }, [signedIn, nodeGeneration]);

  const session = useMemo<Session | null>(() => {
    if (auth.status !== 'in') return null;
    return {
      user: auth.user,
      node,
      refreshNode: () => setNodeGeneration((g) => g + 1),
      signOut: async () => {
        await api<void>('POST', '/auth/logout').catch(() => undefined);
        setNode(null);
        setAuth({ status: 'out', notice: null });
        navigate('/');
      },
    };
  }, [auth, node]);

  let content;
  if (auth.status === 'checking') content = <Loading />;
  else if (auth.status === 'failed') {
    content = <ErrorMessage error={auth.error} retry={checkSession} />;
  } else if (auth.status === 'out') {
    content = (
      <SignInPage notice={auth.notice} onSignedIn={(user) => setAuth({ status: 'in', user })} />
    );
  } else content = <Page location={location} />;

  return (
    <SessionContext.Provider value={session}>
      <a href="#main" className="skip-link">
        {t('skip.toMain')}
      </a>
      <Header
        title={node?.name ?? t('app.name')}
        signedIn={
          session
            ? {
                username: session.user.username,
                isAdmin: session.user.role === 'admin',
                role: session.user.role,
                signOut: () => void session.signOut(),
              }
            : undefined
        }
      />
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </SessionContext.Provider>
  );
}
