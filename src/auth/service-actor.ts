import type { Actor } from '../platform/actor.js';
import type { AuthService, FirstRunResult } from './auth.types.js';

/**
 * The named admin actor of an operator command (e.g. `cli`), acting for the node's own
 * organisation. If the node has never started, this performs its first run, whose admin
 * credentials the caller must show once (they are returned in `firstRun`).
 */
export async function nodeServiceActor(
  auth: AuthService,
  node: { organization: string; country: string | null },
  name: string,
): Promise<{ actor: Actor; firstRun: FirstRunResult | null }> {
  let org = await auth.findOrganizationByName(node.organization);
  let firstRun: FirstRunResult | null = null;
  if (org === null) {
    firstRun = await auth.ensureFirstRun(node);
    org = firstRun?.organization ?? (await auth.findOrganizationByName(node.organization));
  }
  if (org === null) {
    throw new Error(`the node's organisation "${node.organization}" does not exist`);
  }
  return { actor: { kind: 'service', name, role: 'admin', organizationId: org.id }, firstRun };
}
