import { reportToStix } from '../intake/report/report-to-stix.js';
import type { RoutingService } from '../route/routing.service.js';
import { ROUTABLE_TYPES } from '../route/routing-rules.js';
import {
  DEFAULT_ATTACHMENT_LIMITS,
  LIMIT_PROBLEMS,
  type AttachmentLimits,
  type ReportAnswers,
  type ReportAttachment,
  type ReportProblem,
} from '../intake/report/report-answers.js';
import { decodeBase64 } from '../intake/report/report-validate.js';
import { isEmailMessage } from '../intake/report/report-attachments.js';
import { emlFormat } from '../intake/formats/email/eml-format.js';
import { SCO_ID_CONTRIBUTING } from '../stix/ids.js';
import { TLP, type StixObject } from '../stix/index.js';
import { REPORTABLE_OFFENCES, type OffenceDefinition } from '../legal/offence-taxonomy.js';
import { requireRole } from '../auth/roles.js';
import type { Actor, Role } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { ObjectService } from '../objects/object.service.js';
import type { Distribution } from '../objects/object.types.js';

/** Roles that may report an incident: every role that may store content (not oversight). */
export const REPORTER_ROLES: readonly Role[] = [
  'reporter',
  'analyst',
  'contact-point',
  'investigator',
  'admin',
];

/** An attachment as it travels in a JSON body: the bytes in base64. */
export interface EncodedAttachment {
  readonly name: string;
  readonly mediaType?: string;
  readonly contentBase64: string;
}

export interface ReportSubmission {
  readonly answers: ReportAnswers;
  readonly attachments: readonly EncodedAttachment[];
  readonly distribution?: Distribution;
}

/** What a report created: the incident and the observables linked to it. */
export interface ReportReceipt {
  readonly incidentId: string;
  readonly observables: readonly { id: string; type: string; value: string }[];
  readonly relationshipIds: readonly string[];
  /** Objects newly stored (observables already known to the node are not stored again). */
  readonly stored: number;
}

export interface ReportService {
  /** The offences a person can choose from (the taxonomy without modifiers). */
  offences(): readonly OffenceDefinition[];
  /**
   * Checks a wizard report and stores its incident, observables and relationships in one
   * transaction: all of them or, on any problem, none.
   */
  submit(actor: Actor, submission: ReportSubmission): Promise<ReportReceipt>;
  readonly limits: AttachmentLimits;
}

export interface ReportServiceDeps {
  readonly objects: ObjectService;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly limits?: AttachmentLimits;
  /** Offline enrichment of the observables (the intake pipeline's); absent: none. */
  readonly enrich?: (object: StixObject) => StixObject;
  /**
   * Routing to responsibility (issue 5, item 4) of the report's observables once stored, as
   * after an import; absent: none. Never fails the report (`routeAfterImport` logs failures).
   */
  readonly routing?: Pick<RoutingService, 'hasContacts' | 'routeAfterImport'>;
}

/** Problems as error details: the code rides along so the UI can translate the message. */
function refuse(problems: readonly ReportProblem[]): never {
  const limits = problems.filter((p) => LIMIT_PROBLEMS.has(p.code));
  const shown = limits.length > 0 ? limits : problems;
  const first = shown[0]!;
  throw new DomainError(
    limits.length > 0 ? 'NH_ERR_INPUT_LIMIT' : 'NH_ERR_VALIDATION',
    `${first.path}: ${first.message}${shown.length > 1 ? ` (and ${shown.length - 1} more)` : ''}`,
    shown.map((p) => ({ path: p.path, message: p.message, code: p.code })),
  );
}

function decode(encoded: readonly EncodedAttachment[]): ReportAttachment[] {
  const problems: ReportProblem[] = [];
  const out = encoded.map((a, i) => {
    const content = decodeBase64(a.contentBase64);
    if (content === undefined) {
      problems.push({
        path: `/attachments/${i}/content_base64`,
        code: 'invalid-base64',
        message: `the content of "${a.name}" is not base64`,
      });
    }
    return { name: a.name, mediaType: a.mediaType, content: content ?? new Uint8Array() };
  });
  if (problems.length > 0) refuse(problems);
  return out;
}

/**
 * The observables inside each attached e-mail, read by the intake e-mail parser: sender,
 * recipients, `Received` path IPs, URLs, attached files. Parts it cannot read are left out:
 * the e-mail itself stays attached as a file either way.
 */
async function emailObservables(
  attachments: readonly ReportAttachment[],
  now: string,
  uuid: () => string,
): Promise<Map<number, StixObject[]>> {
  const out = new Map<number, StixObject[]>();
  for (const [i, attachment] of attachments.entries()) {
    if (!isEmailMessage(attachment)) continue;
    const found: StixObject[] = [];
    const input = (async function* () {
      yield attachment.content;
    })();
    const ctx = { now, uuid, defaultMarkingRefs: [TLP.AMBER.id] };
    try {
      for await (const item of emlFormat.parse(input, ctx)) {
        if (item.kind !== 'objects') continue;
        found.push(...item.objects.filter((o) => Object.hasOwn(SCO_ID_CONTRIBUTING, o.type)));
      }
    } catch {
      continue; // not a readable e-mail: it stays a file observable
    }
    out.set(i, found);
  }
  return out;
}

function displayValue(o: Record<string, unknown>): string {
  const v = o.value ?? o.name ?? o.subject ?? o.id;
  return String(v);
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const limits = deps.limits ?? DEFAULT_ATTACHMENT_LIMITS;
  return {
    limits,
    offences: () => REPORTABLE_OFFENCES,
    async submit(actor, submission) {
      requireRole(actor, ...REPORTER_ROLES);
      if (submission.attachments.length > limits.maxFiles) {
        refuse([
          {
            path: '/attachments',
            code: 'too-many-files',
            message: `${submission.attachments.length} files; at most ${limits.maxFiles} per report`,
          },
        ]);
      }
      const attachments = decode(submission.attachments);
      const now = deps.clock.now().toISOString();
      const uuid = () => deps.random.uuid();
      const result = reportToStix(submission.answers, attachments, {
        now,
        uuid,
        parsedAttachments: await emailObservables(attachments, now, uuid),
        createdByRef: actor.organizationId.startsWith('identity--')
          ? actor.organizationId
          : undefined,
        limits,
      });
      if (!result.ok) refuse(result.problems);
      const { stix } = result;
      const enrich = deps.enrich ?? ((o: StixObject) => o);
      const summary = await deps.objects.ingest(actor, stix.objects.map(enrich), {
        mode: 'atomic',
        distribution: submission.distribution,
      });
      if (summary.rolledBack) {
        const first = summary.rejected[0]?.errors[0];
        throw new DomainError(
          'NH_ERR_STIX_INVALID',
          `the report could not be stored: ${first?.path ?? ''} ${first?.message ?? ''}`.trim(),
        );
      }
      const routable = stix.observables.filter((o) => ROUTABLE_TYPES.has(o.type)).map((o) => o.id);
      if (deps.routing && routable.length > 0 && (await deps.routing.hasContacts()))
        await deps.routing.routeAfterImport(actor, routable);
      return {
        incidentId: stix.incident.id,
        observables: stix.observables.map((o) => ({
          id: o.id,
          type: o.type,
          value: displayValue(o),
        })),
        relationshipIds: stix.relationships.map((r) => r.id),
        stored: summary.stored,
      };
    },
  };
}
