/**
 * The `note` (STIX 2.1 spec 4.11) that keeps what an abuse report says beyond its observables:
 * for ARF the machine-readable feedback report as sent (Feedback-Type, User-Agent,
 * Authentication-Results …), for X-ARF the report without its evidence payloads. It refers to
 * every observable of the record and carries the intake's author and default markings.
 */
import type { StixObject } from '../../../stix/index.js';
import type { IntakeContext } from '../../intake-item.js';

export function reportNote(
  ctx: IntakeContext,
  abstract: string,
  content: string,
  objectRefs: readonly string[],
): StixObject {
  const note: StixObject = {
    type: 'note',
    spec_version: '2.1',
    id: `note--${ctx.uuid()}`,
    created: ctx.now,
    modified: ctx.now,
    abstract,
    content,
    object_refs: [...objectRefs],
  };
  if (ctx.createdByRef !== undefined) note.created_by_ref = ctx.createdByRef;
  if (ctx.defaultMarkingRefs.length > 0) note.object_marking_refs = [...ctx.defaultMarkingRefs];
  return note;
}
