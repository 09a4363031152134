import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import type { NodeIdentity } from '../federation/federation.types.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { checkStatedText, requireRight } from './case.rules.js';
import type { CaseService } from './case.service.js';
import type { EvidenceService } from './evidence.service.js';
import {
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  SIGNATURE_FILE,
  packagePath,
  type PackageManifest,
} from './package-manifest.js';
import { writeTar } from './package-tar.js';

export interface EvidencePackage {
  readonly packageId: string;
  /** Suggested file name: `<reference>-<packageId>.tar`. */
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly manifest: PackageManifest;
}

export interface EvidencePackageService {
  /**
   * Exports chosen items of a case as one signed package (see {@link PackageManifest}): each
   * item's custody gains an `export` record, which the manifest carries; the records, the
   * audit entry and the package are made together or not at all.
   */
  export(
    actor: Actor,
    caseId: string,
    input: { itemIds: readonly string[]; purpose: string },
  ): Promise<EvidencePackage>;
}

export function createEvidencePackageService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly cases: Pick<CaseService, 'open'>;
  readonly evidence: EvidenceService;
  /** The producing node's identity; null: the node cannot sign packages yet (issue 6). */
  readonly identity: () => Promise<NodeIdentity | null>;
}): EvidencePackageService {
  return {
    async export(actor, caseId, input) {
      const purpose = checkStatedText('purpose', input.purpose);
      const itemIds = [...new Set(input.itemIds)];
      if (itemIds.length === 0) {
        throw new DomainError('NH_ERR_VALIDATION', 'items: choose at least one evidence item', [
          { path: 'items', message: 'choose at least one evidence item' },
        ]);
      }
      const identity = await deps.identity();
      if (!identity) {
        throw new DomainError(
          'NH_ERR_NOT_READY',
          'this node has no federation identity yet, so it cannot sign evidence packages',
        );
      }
      const opened = await deps.cases.open(actor, caseId, 'evidence.export');
      requireRight(opened.access, 'export', 'exporting evidence');
      const items = await deps.evidence.load(caseId, itemIds);
      const files = await Promise.all(items.map((item) => deps.evidence.bytesOf(item)));
      const packageId = `package-${deps.random.uuid()}`;
      const now = deps.clock.now();
      return inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        for (const item of items) {
          await deps.evidence.recordTransfer(trx, actor, item, {
            action: 'export',
            purpose,
            details: { package: packageId },
          });
        }
        const manifest: PackageManifest = {
          format: PACKAGE_FORMAT,
          packageId,
          createdAt: now.toISOString(),
          case: { id: opened.row.id, reference: opened.row.reference, title: opened.row.title },
          producedBy: actorLabel(actor),
          purpose,
          producer: identity.descriptor(),
          items: await Promise.all(
            items.map(async (item) => ({
              id: item.id,
              number: item.number,
              path: packagePath(item.number, item.name),
              name: item.name,
              mediaType: item.mediaType,
              sha256: item.sha256,
              size: item.size,
              description: item.description,
              origin: item.origin,
              custody: await deps.evidence.custodyRecords(trx, item.id),
            })),
          ),
        };
        const signature = identity.sign(manifest);
        const bytes = writeTar(
          [
            { name: MANIFEST_FILE, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
            { name: SIGNATURE_FILE, data: Buffer.from(`${signature}\n`) },
            ...manifest.items.map((m, i) => ({ name: m.path, data: files[i]! })),
          ],
          Math.floor(now.getTime() / 1000),
        );
        await deps.audit.append(trx, actor, {
          action: 'evidence.export',
          target: packageId,
          reason: purpose,
          details: { case: caseId, items: itemIds, bytes: bytes.length },
        });
        const safeRef = opened.row.reference.replace(/[^A-Za-z0-9._-]+/g, '_');
        return { packageId, fileName: `${safeRef}-${packageId}.tar`, bytes, manifest };
      });
    },
  };
}
