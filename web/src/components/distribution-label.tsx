import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { isMessageKey } from '../i18n/languages.js';

const SHARING_GROUP = 'sharing-group:';

/** An object's distribution in the chosen language; a sharing group by its id. */
export function DistributionLabel({ distribution }: { distribution: string }) {
  const { t } = useI18n();
  if (distribution.startsWith(SHARING_GROUP)) {
    return (
      <span className="distribution">
        {t('distribution.sharingGroup', { id: distribution.slice(SHARING_GROUP.length) })}
      </span>
    );
  }
  const key = `distribution.${distribution}`;
  return (
    <span className="distribution">{isMessageKey(key) ? t(key as MessageKey) : distribution}</span>
  );
}
