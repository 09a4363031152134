import type { WithdrawalReceipt } from './change-feed.types.js';

/** What applying one received item did. */
export type ApplyResult =
  | { readonly kind: 'applied'; readonly receipt?: WithdrawalReceipt }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'refused'; readonly reason: string };

export const refused = (reason: string): ApplyResult => ({ kind: 'refused', reason });
