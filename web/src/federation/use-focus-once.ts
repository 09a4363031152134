import { useEffect, useRef } from 'react';

/** Focuses the element behind `ref` once, as soon as it is `ready`, when `wanted`. */
export function useFocusOnce(
  ref: { readonly current: HTMLElement | null },
  wanted: boolean,
  ready: boolean,
): void {
  const done = useRef(false);
  useEffect(() => {
    if (!wanted || !ready || done.current) return;
    done.current = true;
    ref.current?.focus();
  }, [ref, wanted, ready]);
}
