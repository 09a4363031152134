import { createContext, useContext } from 'react';
import type { NodeInfo, User } from './api/types.js';

/** The signed-in user and the node they are on, shared by every page. */
export interface Session {
  readonly user: User;
  /** Null until `/api/v1/node` answered. */
  readonly node: NodeInfo | null;
  /** Fetches the node's summary again (after counts changed). */
  refreshNode(): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession must be used inside a signed-in page');
  return s;
}
