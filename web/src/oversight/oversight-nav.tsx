import { useI18n } from '../i18n/i18n.js';
import './oversight.css';
import type { MessageKey } from '../i18n/en.js';
import { Link, useLocation } from '../router.js';

const SECTIONS: readonly { to: string; label: MessageKey }[] = [
  { to: '/oversight', label: 'oversight.audit.title' },
  { to: '/oversight/transparency', label: 'oversight.transparency.title' },
  { to: '/oversight/data-subject-requests', label: 'oversight.dsr.title' },
];

/** The links between the oversight pages. */
export function OversightNav() {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <nav aria-label={t('oversight.nav.label')} className="sub-nav">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <Link to={s.to} aria-current={path === s.to ? 'page' : undefined}>
              {t(s.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
