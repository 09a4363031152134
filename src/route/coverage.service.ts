/**
 * Coverage, "no safe havens" (issue 5, item 5): for every country, its contacts, the findings
 * routed there and how they were answered, its level, and the gaps (`coverage-rules.ts`).
 *
 * Every signed-in member may read it: it holds counts per country, never a finding, a contact's
 * address or a queue's content — the directory itself is readable by every member already.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { COUNTRY_CODES } from '../platform/countries.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import { computeCoverage, type Coverage } from './coverage-rules.js';
import { coverageRepository as repo } from './coverage.repository.js';

/** Default time within which a country's contacts are expected to answer: 24 hours. */
export const DEFAULT_ANSWER_WITHIN_SECONDS = 86_400;
/** Bounds of the answer window: one minute to one year. */
export const ANSWER_WITHIN_RANGE = { min: 60, max: 366 * 86_400 } as const;

export interface CoverageServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

export interface CoverageService {
  /**
   * The coverage of all 249 ISO 3166-1 countries. `answerWithinSeconds`: a country whose
   * findings were routed at least that long ago and none answered within it is unresponsive.
   */
  coverage(actor: Actor, options?: { answerWithinSeconds?: number }): Promise<Coverage>;
}

export function createCoverageService(deps: CoverageServiceDeps): CoverageService {
  const { db, clock } = deps;
  return {
    async coverage(_actor, options = {}) {
      const within = options.answerWithinSeconds ?? DEFAULT_ANSWER_WITHIN_SECONDS;
      if (
        !Number.isInteger(within) ||
        within < ANSWER_WITHIN_RANGE.min ||
        within > ANSWER_WITHIN_RANGE.max
      ) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `the answer window must be a whole number of seconds from ${ANSWER_WITHIN_RANGE.min} to ${ANSWER_WITHIN_RANGE.max}, not ${within}`,
          [{ path: 'answer_within', message: 'out of range' }],
        );
      }
      const now = clock.now();
      const dueBefore = new Date(now.getTime() - within * 1000).toISOString();
      const [contacts, items, answered] = await Promise.all([
        repo.contactTallies(db),
        repo.itemTallies(db, dueBefore),
        repo.answeredItems(db),
      ]);
      return computeCoverage({
        countries: [...COUNTRY_CODES],
        contacts,
        items,
        answered,
        now,
        answerWithinSeconds: within,
      });
    },
  };
}
