import { usePageTitle } from '../components/page-title.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'), useSession().node?.name);
  return (
    <>
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
