import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { Link, useLocation } from '../router.js';
import { LanguageSelect } from './language-select.js';

/**
 * The main navigation; `admin` items are shown to administrators only, items with `roles` to
 * those roles only.
 */
const NAV: readonly {
  to: string;
  label: MessageKey;
  admin?: boolean;
  roles?: readonly string[];
}[] = [
  { to: '/', label: 'nav.home' },
  { to: '/dashboard', label: 'nav.dashboard' },
  { to: '/objects', label: 'nav.objects' },
  { to: '/report', label: 'nav.report' },
  { to: '/sharing-groups', label: 'nav.sharingGroups' },
  { to: '/import', label: 'nav.import' },
  { to: '/collections', label: 'nav.collections', admin: true },
  { to: '/break-glass', label: 'nav.breakGlass', admin: true },
  { to: '/tokens', label: 'nav.tokens' },
  { to: '/contacts', label: 'nav.contacts' },
  { to: '/queue', label: 'nav.queue' },
  { to: '/cases', label: 'nav.cases' },
  // The node roles of the default legal-role map (issue 7), and the supervisors of escalations.
  {
    to: '/requests',
    label: 'nav.requests',
    roles: ['contact-point', 'investigator', 'analyst', 'admin'],
  },
  { to: '/coverage', label: 'nav.coverage' },
  { to: '/deliveries', label: 'nav.deliveries', admin: true },
  { to: '/federation', label: 'nav.federation', admin: true },
  { to: '/oversight', label: 'nav.oversight', roles: ['oversight', 'admin'] },
];

function isCurrent(path: string, to: string): boolean {
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}

export interface HeaderProps {
  readonly title: string;
  /** Absent on the sign-in page. */
  readonly signedIn?: {
    readonly username: string;
    readonly isAdmin: boolean;
    readonly role?: string;
    readonly signOut: () => void;
  };
}

/** The banner: node name, main navigation, language menu and sign-out. */
export function Header({ title, signedIn }: HeaderProps) {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <p className="brand">
          {signedIn ? (
            <Link to="/" className="brand-link">
              {title}
            </Link>
          ) : (
            title
          )}
        </p>
        {signedIn && (
          <nav aria-label={t('nav.label')} className="main-nav">
            <ul>
              {NAV.filter(
                (item) =>
                  (!item.admin || signedIn.isAdmin) &&
                  (!item.roles || item.roles.includes(signedIn.role ?? '')),
              ).map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={isCurrent(path, item.to) ? 'page' : undefined}>
                    {t(item.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="header-tools">
          <LanguageSelect />
          {signedIn && (
            <>
              <span className="user">{t('header.signedInAs', { name: signedIn.username })}</span>
              <button type="button" className="button button-quiet" onClick={signedIn.signOut}>
                {t('header.signOut')}
              </button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
