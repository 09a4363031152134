import { useEffect, useState } from 'react';
import { useAsync, type AsyncState } from '../use-async.js';
import { peerApi } from './peer-api.js';
import type { PeerView } from './peer.types.js';

/** How often the peer list is fetched again, so that states and lags stay truthful. */
export const REFRESH_MS = 10_000;

export interface LivePeers {
  readonly peers: AsyncState<{ peers: PeerView[] }>;
  readonly reload: () => void;
  /** When the list shown was fetched (ISO), null before the first answer. */
  readonly fetchedAt: string | null;
  /** The peer the live stream last reported unreachable. */
  readonly justUnreachable: UnreachableNotice | null;
}

/**
 * The peer list, fetched every {@link REFRESH_MS} and again at once whenever the live stream
 * (`GET /api/v1/stream`) sends `event: peer.unreachable`.
 */
export function usePeers(): LivePeers {
  const [fetchedAt, setFetchedAt] = useState<string | null>(null);
  const [peers, reload] = useAsync(
    () =>
      peerApi.list().then((r) => {
        setFetchedAt(new Date().toISOString());
        return r;
      }),
    'peers',
  );
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const justUnreachable = usePeerUnreachableEvents(reload);
  return { peers, reload, fetchedAt, justUnreachable };
}

/** The event's name as the contract spells it, and as the stream's other events are spelt. */
const UNREACHABLE_EVENTS = ['peer.unreachable', 'peer-unreachable'];

/** A peer the live stream reported unreachable. */
export interface UnreachableNotice {
  readonly nodeId: string;
  readonly name: string;
}

/** Listens for `peer.unreachable` on the live stream; the browser's EventSource reconnects. */
function usePeerUnreachableEvents(reload: () => void): UnreachableNotice | null {
  const [latest, setLatest] = useState<UnreachableNotice | null>(null);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/stream?types=note');
    const onUnreachable = (e: Event) => {
      setLatest(noticeOf((e as MessageEvent<string>).data));
      reload();
    };
    for (const name of UNREACHABLE_EVENTS) source.addEventListener(name, onUnreachable);
    return () => source.close();
  }, [reload]);
  return latest;
}

/** The peer an event names: its data is `{ nodeId, name, since, lastError }`. */
function noticeOf(data: string): UnreachableNotice | null {
  try {
    const { nodeId, name } = JSON.parse(data) as Record<string, unknown>;
    if (typeof nodeId !== 'string' || nodeId === '') return null;
    return { nodeId, name: typeof name === 'string' && name !== '' ? name : nodeId };
  } catch {
    return null;
  }
}
