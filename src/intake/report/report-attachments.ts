/**
 * What an attached file becomes. For now every attachment, the e-mail (`.eml`) included, is one
 * `file` observable with MD5, SHA-1 and SHA-256, size, name and media type. E-mail parsing
 * (sender, subject, `Received` path, URLs, attached files) will come from the shared intake
 * pipeline: replace {@link observablesOfAttachment} alone.
 */
import { createHash } from 'node:crypto';
import type { StixObject } from '../../stix/index.js';
import { fileObservable } from '../observables.js';
import type { ReportAttachment } from './report-answers.js';

/** The observables of one attachment; the first is the attachment itself. */
export type AttachmentObservables =
  { ok: true; observables: StixObject[] } | { ok: false; reason: string };

const hex = (algorithm: string, bytes: Uint8Array) =>
  createHash(algorithm).update(bytes).digest('hex');

/** True when the file is an e-mail message (by name or media type). */
export function isEmailMessage(attachment: ReportAttachment): boolean {
  return (
    /\.eml$/i.test(attachment.name) || attachment.mediaType?.toLowerCase() === 'message/rfc822'
  );
}

/** `type/subtype` (RFC 6838 names), lower-cased; parameters and anything else are dropped. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

function mediaTypeOf(attachment: ReportAttachment): string | undefined {
  if (isEmailMessage(attachment)) return 'message/rfc822';
  const type = attachment.mediaType?.split(';', 1)[0]?.trim().toLowerCase();
  return type !== undefined && MEDIA_TYPE.test(type) ? type : undefined;
}

export function observablesOfAttachment(attachment: ReportAttachment): AttachmentObservables {
  const mediaType = mediaTypeOf(attachment);
  const result = fileObservable({
    name: attachment.name,
    size: attachment.content.byteLength,
    mimeType: mediaType,
    hashes: {
      MD5: hex('md5', attachment.content),
      'SHA-1': hex('sha1', attachment.content),
      'SHA-256': hex('sha256', attachment.content),
    },
  });
  return result.ok ? { ok: true, observables: [result.sco] } : result;
}
