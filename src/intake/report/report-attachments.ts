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

export function observablesOfAttachment(attachment: ReportAttachment): AttachmentObservables {
  const mediaType = isEmailMessage(attachment) ? 'message/rfc822' : attachment.mediaType;
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
