/**
 * Splits objects into TAXII envelopes (§3.7) for add-objects requests (§5.4), each of whose
 * serialized form `{"objects":[…]}` stays within the API root's `max_content_length` (§4.2.1)
 * in bytes. Order is kept. An object that alone does not fit any envelope is returned in
 * `tooLarge` (it cannot be sent to this server), never silently dropped.
 */
export interface EnvelopeSplit<T> {
  readonly envelopes: readonly (readonly T[])[];
  /** Objects whose envelope alone would exceed the budget, with that size. */
  readonly tooLarge: readonly { readonly object: T; readonly bytes: number }[];
}

/** Bytes of `{"objects":[` and `]}` around the objects. */
export const ENVELOPE_OVERHEAD = Buffer.byteLength('{"objects":[]}');

export function splitIntoEnvelopes<T>(
  objects: Iterable<T>,
  maxBytes: number,
  serialize: (o: T) => string = (o) => JSON.stringify(o),
): EnvelopeSplit<T> {
  const envelopes: T[][] = [];
  const tooLarge: { object: T; bytes: number }[] = [];
  let current: T[] = [];
  let size = ENVELOPE_OVERHEAD;
  for (const object of objects) {
    const bytes = Buffer.byteLength(serialize(object));
    if (ENVELOPE_OVERHEAD + bytes > maxBytes) {
      tooLarge.push({ object, bytes: ENVELOPE_OVERHEAD + bytes });
      continue;
    }
    // One comma between two objects.
    const added = current.length === 0 ? bytes : bytes + 1;
    if (size + added > maxBytes) {
      envelopes.push(current);
      current = [object];
      size = ENVELOPE_OVERHEAD + bytes;
    } else {
      current.push(object);
      size += added;
    }
  }
  if (current.length > 0) envelopes.push(current);
  return { envelopes, tooLarge };
}

/** The request body of one envelope, exactly as its size was counted. */
export function envelopeBody(objects: readonly unknown[]): string {
  return `{"objects":[${objects.map((o) => JSON.stringify(o)).join(',')}]}`;
}
