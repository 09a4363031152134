/**
 * The contract every intake format parser fulfils (issue 4): input bytes in, a stream of
 * items out. Each item is what one record of the input (a feed line, a MISP attribute, an
 * e-mail, an IODEF incident …) became: STIX 2.1 objects, or the reason the record is broken.
 * The pipeline after the parsers (enrichment, de-duplication, policy defaults, storage) is
 * shared by every format.
 */
import type { StixObject } from '../stix/index.js';

/** Where a record sits in its input: a 1-based record number, and its line when known. */
export interface RecordPosition {
  /** 1-based number of the record (line of a feed, attribute of a MISP event, message …). */
  readonly record: number;
  /** 1-based line in the input file, when the format is line-oriented or the parser knows it. */
  readonly line?: number;
}

/** Objects produced from one record. The first observables are the record's subject. */
export interface IntakeObjects extends RecordPosition {
  readonly kind: 'objects';
  readonly objects: readonly StixObject[];
  /**
   * Feed-like records (one observation of an observable at a time by a source): the pipeline
   * folds repeated observations of the same observable from the same source, within the
   * de-duplication window, into one `observed-data` with a count and first/last seen.
   */
  readonly observation?: Observation;
  /**
   * How far the source allows these objects to travel (e.g. a MISP event's distribution).
   * The pipeline stores them with the stricter of this and the importer's own choice.
   */
  readonly distribution?: IntakeDistribution;
  /** What the parser had to repair to read the record (reported, not an error). */
  readonly warnings?: readonly string[];
}

/** nohaven distributions, strictest first; `sharing-group:<id>` names a sharing group. */
export type IntakeDistribution =
  'organisation' | 'community' | 'connected' | 'all' | `sharing-group:${string}`;

export interface Observation {
  /** Id of the observed SCO (deterministic, so the same value has the same id everywhere). */
  readonly subjectRef: string;
  /** Every SCO id the observation references (subject first). */
  readonly objectRefs: readonly string[];
  /** When the source saw it (RFC 3339, millisecond precision); the intake time if unknown. */
  readonly seen: string;
  /** Classification labels (IntelMQ `classification.type`, MISP category …). */
  readonly labels?: readonly string[];
}

export interface IntakeRecordError extends RecordPosition {
  readonly kind: 'error';
  readonly reason: string;
}

export type IntakeItem = IntakeObjects | IntakeRecordError;

/** What a parser may ask of its surroundings; keeps parsers pure and testable. */
export interface IntakeContext {
  /** The intake time, RFC 3339 with milliseconds (`2026-11-28T04:10:00.000Z`). */
  readonly now: string;
  /** A new random UUID (for SDO/SRO ids). */
  readonly uuid: () => string;
  /** Identity id of the organisation the content comes from, used as `created_by_ref`. */
  readonly createdByRef?: string;
  /** Marking definition ids applied to objects the input leaves unmarked. */
  readonly defaultMarkingRefs: readonly string[];
}

/** A format parser: streams items from the input (chunks of bytes or text). */
export type IntakeParser = (
  input: AsyncIterable<Uint8Array | string>,
  ctx: IntakeContext,
) => AsyncIterable<IntakeItem>;

/** Thrown by a parser when the input as a whole is not in its format (nothing is imported). */
export class IntakeFormatError extends Error {
  constructor(
    readonly format: string,
    message: string,
  ) {
    super(message);
    this.name = 'IntakeFormatError';
  }
}
