import type { NodeDescriptor } from '../federation/descriptor.js';
import type { Checkpoint, Countersignature } from './audit-checkpoint.js';

/** What a node sends a witness: `POST {witness}/federation/v1/audit-witness`. */
export interface CheckpointSubmission {
  readonly checkpoint: Checkpoint;
  /** The sender's signature of the checkpoint. */
  readonly signature: string;
  /** The sender's self-signed descriptor (the witness checks it knows this key). */
  readonly descriptor: NodeDescriptor;
}

/** The witness's answer: its countersignature, with its descriptor to check it by. */
export interface WitnessReceipt extends Countersignature {
  readonly descriptor: NodeDescriptor;
}

/**
 * Carries checkpoints to witnesses and fetches what a witness holds (issue 8, item 4). A
 * witness is addressed by its base URL. Both calls reject when the witness cannot be reached
 * or refuses (the error message says why); the outbox retries `submit` later.
 */
export interface CheckpointWitnessPort {
  submit(witnessUrl: string, submission: CheckpointSubmission): Promise<WitnessReceipt>;
  /** The witness's signed copy for `nodeId` (`GET …/audit-witness/:nodeId`), unchecked. */
  fetchCopy(witnessUrl: string, nodeId: string): Promise<unknown>;
}

/** The port over HTTP(S) with `fetch`, each call bounded by `timeoutMs`. */
export function createHttpWitnessPort(options: {
  readonly timeoutMs: number;
}): CheckpointWitnessPort {
  async function call(url: string, init: RequestInit): Promise<unknown> {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        const body = JSON.parse(text) as { message?: unknown };
        if (typeof body.message === 'string') message = body.message;
      } catch {
        // not JSON: the start of the text says enough
      }
      throw new Error(`witness ${url} answered ${res.status}: ${message}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`witness ${url} did not answer JSON`);
    }
  }
  return {
    async submit(witnessUrl, submission) {
      const body = await call(`${witnessUrl}/federation/v1/audit-witness`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(submission),
      });
      return body as WitnessReceipt;
    },
    fetchCopy(witnessUrl, nodeId) {
      return call(`${witnessUrl}/federation/v1/audit-witness/${encodeURIComponent(nodeId)}`, {
        method: 'GET',
        headers: { accept: 'application/json' },
      });
    },
  };
}
