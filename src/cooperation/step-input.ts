import { DomainError } from '../platform/errors.js';
import type { TransitionDefinition } from './definitions/definition.schema.js';
import type { PackageFile } from './request.workflow.js';

/** Largest file of a data package. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const invalid = (message: string, path: string, detail: string) =>
  new DomainError('NH_ERR_VALIDATION', message, [{ path, message: detail }]);

/**
 * The reason, ground and files of one step, checked against what the transition asks (issue 7,
 * item 3): a reason where the step needs one, a ground from the step's list (refusal grounds,
 * Annex III reasons) and none where it takes none, files only where it carries a data package,
 * as base64. Pure; errors name the field.
 */
export function stepInput(
  tr: TransitionDefinition,
  input: {
    readonly reason?: string | null;
    readonly ground?: string | null;
    readonly files?: readonly { name: string; mediaType: string; contentBase64: string }[];
  },
): { reason: string | null; ground: string | null; files: PackageFile[] } {
  const reason = input.reason?.trim() || null;
  if (tr.requiresReason && !reason)
    throw invalid(
      `${tr.to} needs a reason${tr.article ? ` (${tr.article})` : ''}`,
      '/reason',
      'is required',
    );
  const ground = input.ground ?? null;
  if (tr.grounds && (!ground || !tr.grounds.includes(ground)))
    throw invalid(
      `${tr.to} needs a ground, one of ${tr.grounds.join(', ')}`,
      '/ground',
      ground ? `"${ground}" is not allowed here` : 'is required',
    );
  if (!tr.grounds && ground) throw invalid(`${tr.to} takes no ground`, '/ground', 'must be empty');
  if ((input.files?.length ?? 0) > 0 && !tr.package)
    throw invalid(`${tr.to} carries no data package`, '/files', 'must be empty');
  const files = (input.files ?? []).map((f, i) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(f.contentBase64) || f.contentBase64.length % 4 !== 0)
      throw invalid(
        `files[${i}].contentBase64 is not base64`,
        `/files/${i}/contentBase64`,
        'not base64',
      );
    const content = Buffer.from(f.contentBase64, 'base64');
    if (content.length > MAX_FILE_BYTES)
      throw new DomainError(
        'NH_ERR_INPUT_LIMIT',
        `files[${i}] is larger than ${MAX_FILE_BYTES} bytes`,
      );
    return { name: f.name, mediaType: f.mediaType, content };
  });
  return { reason, ground, files };
}
