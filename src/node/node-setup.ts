import type { Services } from '../app.js';
import type { Actor } from '../platform/actor.js';
import type { Config } from '../platform/config.js';
import { OBSERVATION_EXTENSION_DEFINITION } from '../intake/observation-extension.js';
import {
  ENRICHMENT_EXTENSION_DEFINITION,
  NOHAVEN_IDENTITY,
} from '../enrich/enrichment-extension.js';
import { ALERT_EXTENSION_DEFINITION } from '../alerts/alert-extension.js';
import { TLP, type StixObject } from '../stix/index.js';

export interface FirstRunCredentials {
  readonly organization: { readonly id: string; readonly name: string };
  readonly username: string;
  readonly password: string;
}

/**
 * Brings a freshly migrated database to a usable node, idempotently: the node organisation and
 * its first administrator (only on the very first run; the credentials are returned once, then
 * never again), the built-in TLP 2.0 marking definitions with their official ids, nohaven's own
 * identity and enrichment extension-definition, and the default TAXII collection. Safe when
 * several processes run it at once.
 */
export async function prepareNode(
  services: Services,
  config: Config,
): Promise<FirstRunCredentials | null> {
  const firstRun = await services.auth.ensureFirstRun({
    organization: config.organization,
    country: config.country,
  });
  const organizationId = await services.node.organizationId();
  const setup: Actor = { kind: 'service', name: 'node-setup', organizationId, role: 'admin' };
  // Stored once; later runs see duplicates and store nothing.
  const builtIns: StixObject[] = [
    ...Object.values(TLP),
    NOHAVEN_IDENTITY,
    ENRICHMENT_EXTENSION_DEFINITION,
    OBSERVATION_EXTENSION_DEFINITION,
    ALERT_EXTENSION_DEFINITION,
  ] as StixObject[];
  await services.objects.ingest(setup, builtIns, {
    mode: 'atomic',
    distribution: 'all',
    builtIn: true,
  });
  // A TAXII client works out of the box: one collection every member reads and writes.
  await services.collections.ensureDefault(setup);
  return firstRun;
}

/** What the operator reads, once, after the first run: where to sign in and with what. */
export function firstRunNotice(firstRun: FirstRunCredentials): string {
  return [
    '',
    'nohaven first run: created the node organisation and its administrator.',
    `  organisation: ${firstRun.organization.name}`,
    `  user:         ${firstRun.username}`,
    `  password:     ${firstRun.password}`,
    'This password is shown once and never again: store it now.',
    '',
    '',
  ].join('\n');
}
