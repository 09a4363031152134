import type { TlpLevel } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { tlpLabel } from '../tlp.js';

/** A TLP label in the official colour on black (FIRST TLP 2.0), or a neutral "no TLP". */
export function TlpBadge({ level }: { level: TlpLevel | null }) {
  const { t } = useI18n();
  if (level === null) return <span className="tlp tlp-none">{t('objects.noTlp')}</span>;
  return <span className={`tlp tlp-${level.replace('+', '-')}`}>{tlpLabel(level)}</span>;
}
