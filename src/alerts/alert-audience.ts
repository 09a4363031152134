/**
 * Whom an outbreak alert concerns (issue 5, item 3): the organisations whose reports it counts,
 * the organisations that are the `nohaven`-channel 24/7 point of contact or CERT of one of its
 * countries (routing directory, `route/`), and the organisations located in one of its
 * countries. The read policy then decides, per recipient, whether the alert may be delivered.
 */
import type { Kysely } from 'kysely';
import type { AlertChangedEvent } from '../notify/event-bus.js';
import type { Database } from '../platform/database/schema.js';

/** Of `candidates` (organisation ids), those the alert concerns. */
export async function alertAudience(
  db: Kysely<Database>,
  event: Pick<AlertChangedEvent, 'organisations' | 'countries'>,
  candidates: readonly string[],
): Promise<Set<string>> {
  const out = new Set(candidates.filter((c) => event.organisations.includes(c)));
  const rest = [...new Set(candidates.filter((c) => !out.has(c)))];
  if (rest.length === 0 || event.countries.length === 0) return out;
  const countries = [...event.countries];
  const [contacts, located] = await Promise.all([
    db
      .selectFrom('routing_contacts')
      .select('address')
      .where('kind', 'in', ['poc', 'cert'])
      .where('channel', '=', 'nohaven')
      .where('country', 'in', countries)
      .where('address', 'in', rest)
      .execute(),
    db
      .selectFrom('organizations')
      .select('id')
      .where('id', 'in', rest)
      .where('country', 'in', countries)
      .execute(),
  ]);
  for (const c of contacts) out.add(c.address);
  for (const o of located) out.add(o.id);
  return out;
}
