import { useState } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import type { CountryCoverage, Level } from './coverage.js';
import { MAP_HEIGHT, MAP_WIDTH } from './map-size.js';
import type { WorldShapes } from './world-map.js';

export const LEVEL_LABEL: Record<Level, MessageKey> = {
  none: 'coverage.level.none',
  partial: 'coverage.level.partial',
  covered: 'coverage.level.covered',
  unresponsive: 'coverage.level.unresponsive',
};

/**
 * The fill of each level: a colour and a pattern (solid, stripes, cross-hatch, dots), so the
 * levels differ without colour too (WCAG 1.4.1). `CoveragePatterns` defines them once a page.
 */
export const LEVEL_FILL: Record<Level | 'unknown', string> = {
  covered: 'url(#coverage-covered)',
  partial: 'url(#coverage-partial)',
  unresponsive: 'url(#coverage-unresponsive)',
  none: 'url(#coverage-none)',
  unknown: '#ffffff',
};

/** The patterns of the levels (an invisible SVG; the map and legend refer to them by id). */
export function CoveragePatterns() {
  return (
    <svg className="coverage-defs" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        <pattern id="coverage-covered" width="8" height="8" patternUnits="userSpaceOnUse">
          <rect width="8" height="8" fill="#1b7837" />
        </pattern>
        <pattern
          id="coverage-partial"
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" fill="#fdd49e" />
          <rect width="2.5" height="6" fill="#b35806" />
        </pattern>
        <pattern id="coverage-unresponsive" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill="#b2182b" />
          <path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" strokeWidth="1.2" />
        </pattern>
        <pattern id="coverage-none" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill="#e7e7e7" />
          <circle cx="3" cy="3" r="1" fill="#6b6b6b" />
        </pattern>
      </defs>
    </svg>
  );
}

/** A small square of a level's fill, for the legend and the table. */
export function Swatch({ level }: { level: Level | 'unknown' }) {
  return (
    <svg className="coverage-swatch" aria-hidden="true" focusable="false" viewBox="0 0 16 16">
      <rect
        x="0.5"
        y="0.5"
        width="15"
        height="15"
        fill={LEVEL_FILL[level]}
        stroke="#333333"
        strokeDasharray={level === 'unknown' ? '2 2' : undefined}
      />
    </svg>
  );
}

/**
 * The world map coloured by coverage. Every country has a title (shown on hover); countries with
 * a contact or a finding can be focused, and the line under the map repeats the title of the
 * country under the pointer or in focus. The table beside it is the accessible equivalent.
 */
export function CoverageMap({
  world,
  countries,
  nameOf,
}: {
  world: WorldShapes;
  countries: readonly CountryCoverage[];
  nameOf: (code: string) => string;
}) {
  const { t } = useI18n();
  const [active, setActive] = useState<string | null>(null);
  const byCode = new Map(countries.map((c) => [c.country, c]));
  const titleOf = (code: string | null, name: string) => {
    const c = code === null ? undefined : byCode.get(code);
    if (!c) return `${name}: ${t('coverage.level.unknown')}`;
    return t('coverage.shapeTitle', {
      country: nameOf(c.country),
      level: t(LEVEL_LABEL[c.level]),
      routed: c.routed,
      acknowledged: c.acknowledged,
    });
  };
  return (
    <figure className="coverage-map">
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
        role="group"
        aria-label={t('coverage.map')}
        onMouseLeave={() => setActive(null)}
      >
        <path d={world.sphere} fill="#dbe9f4" stroke="#8aa4b8" />
        {world.countries.map((shape, i) => {
          const c = shape.code === null ? undefined : byCode.get(shape.code);
          const title = titleOf(shape.code, shape.name);
          const focusable = c !== undefined && c.level !== 'none';
          return (
            <path
              key={`${shape.code ?? shape.name}-${i}`}
              d={shape.d}
              fill={LEVEL_FILL[c?.level ?? 'unknown']}
              stroke="#444444"
              strokeWidth="0.5"
              strokeDasharray={c ? undefined : '2 1'}
              data-country={shape.code ?? undefined}
              data-level={c?.level ?? 'unknown'}
              {...(focusable ? { tabIndex: 0, role: 'img', 'aria-label': title } : {})}
              onMouseEnter={() => setActive(title)}
              onFocus={() => setActive(title)}
              onBlur={() => setActive(null)}
            >
              <title>{title}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="coverage-active">{active ?? t('coverage.map')}</figcaption>
    </figure>
  );
}
