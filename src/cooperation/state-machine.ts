import type { RequestDefinition, TransitionDefinition } from './definitions/definition.schema.js';

/** Which party of a request an actor's organisation is. */
export type Side = 'requester' | 'recipient' | 'system';

export type TransitionCheck =
  | { readonly ok: true; readonly transition: TransitionDefinition }
  | { readonly ok: false; readonly allowed: readonly string[]; readonly message: string };

/**
 * Finds the transition of `def` from `from` to `to` that `side` may take (issue 7, item 3).
 * Refused: the message names the states the request may move to from `from` (for that side, and
 * all of them when that side has none). Pure.
 */
export function findTransition(
  def: RequestDefinition,
  from: string,
  to: string,
  side: Side,
): TransitionCheck {
  const fromHere = def.transitions.filter((t) => t.from.includes(from));
  const mine = fromHere.filter((t) => t.side === side);
  const match = mine.find((t) => t.to === to);
  if (match) return { ok: true, transition: match };
  const allowed = [...new Set(mine.map((t) => t.to))];
  const state = def.states.find((s) => s.code === from);
  const message =
    state?.terminal === true
      ? `${def.code} request is ${from}, a final state: no transition is allowed`
      : allowed.length > 0
        ? `${def.code} cannot go from ${from} to ${to}; allowed: ${allowed.join(', ')}`
        : `${def.code} cannot go from ${from} to ${to}; the ${side} side has no transition from ${from} (the other side may: ${[...new Set(fromHere.map((t) => t.to))].join(', ') || 'none'})`;
  return { ok: false, allowed, message };
}

/** True when no transition leaves `state`. */
export function isTerminal(def: RequestDefinition, state: string): boolean {
  return def.states.find((s) => s.code === state)?.terminal === true;
}
