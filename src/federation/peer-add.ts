import { DomainError, notFound, type ErrorDetail } from '../platform/errors.js';
import { parseDescriptor, type NodeDescriptor } from './descriptor.js';
import { DEFAULT_PEER_POLICY, type PeerPolicy, type PeerRecord } from './federation.types.js';
import { parsePeerPolicy } from './peer-policy.js';

/**
 * What an administrator gives to add a peer (issue 6 §2): exactly one of the descriptor
 * itself, a URL to fetch it from, or the node id of a `requested` peer whose descriptor came
 * with its hello — plus the fingerprint they confirmed out of band, as with SSH.
 */
export interface PeerAddInput {
  readonly descriptor?: unknown;
  readonly descriptorUrl?: string;
  readonly nodeId?: string;
  readonly fingerprint: string;
  readonly policy?: unknown;
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function invalid(path: string, message: string, more: readonly ErrorDetail[] = []): DomainError {
  return new DomainError('NH_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }, ...more]);
}

/** Prefixes the paths of a descriptor's validation problems with `/descriptor`. */
function parseGiven(value: unknown, field: string): NodeDescriptor {
  try {
    return parseDescriptor(value);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const details = err.details.map((d) => ({ ...d, path: `${field}${d.path}` }));
    const first = details[0];
    throw new DomainError(
      'NH_ERR_VALIDATION',
      first
        ? `${field}: ${err.message} (${first.path} ${first.message})`
        : `${field}: ${err.message}`,
      details.length > 0 ? details : [{ path: field, message: err.message }],
    );
  }
}

/**
 * The descriptor and policy of a peer to add, checked: a descriptor of this node itself and a
 * fingerprint that is not the descriptor's are refused (400 naming `fingerprint`, showing the
 * descriptor's own so the administrator can compare).
 */
export async function resolveAddition(
  input: PeerAddInput,
  deps: {
    readonly selfNodeId: string;
    readonly find: (nodeId: string) => Promise<PeerRecord | null>;
    readonly fetchJson: (url: string) => Promise<unknown>;
  },
): Promise<{ descriptor: NodeDescriptor; policy: PeerPolicy }> {
  const given = [input.descriptor, input.descriptorUrl, input.nodeId].filter(
    (v) => v !== undefined,
  );
  if (given.length !== 1) {
    throw invalid('descriptor', 'give exactly one of descriptor, descriptorUrl or nodeId');
  }
  if (typeof input.fingerprint !== 'string' || !FINGERPRINT.test(input.fingerprint.trim())) {
    throw invalid('fingerprint', 'must be SHA256: followed by 43 base64 characters');
  }
  const policy =
    input.policy === undefined ? DEFAULT_PEER_POLICY : parsePeerPolicy(input.policy, '/policy');
  let descriptor: NodeDescriptor;
  if (input.descriptor !== undefined) {
    descriptor = parseGiven(input.descriptor, '/descriptor');
  } else if (input.descriptorUrl !== undefined) {
    const url = input.descriptorUrl;
    if (!/^https?:\/\//.test(url)) throw invalid('descriptorUrl', 'must be an http(s) URL');
    let fetched: unknown;
    try {
      fetched = await deps.fetchJson(url);
    } catch (err) {
      throw invalid('descriptorUrl', `cannot fetch the descriptor: ${(err as Error).message}`);
    }
    descriptor = parseGiven(fetched, '/descriptorUrl');
  } else {
    const requested = await deps.find(input.nodeId!);
    if (!requested || requested.state !== 'requested') {
      throw notFound('requested peer', input.nodeId!);
    }
    descriptor = requested.descriptor;
  }
  if (descriptor.nodeId === deps.selfNodeId) {
    throw invalid('descriptor', 'this is the descriptor of this node itself');
  }
  if (descriptor.fingerprint !== input.fingerprint.trim()) {
    throw invalid(
      'fingerprint',
      `does not match the descriptor's fingerprint ${descriptor.fingerprint}: confirm it with the peer's operator out of band`,
    );
  }
  return { descriptor, policy };
}
