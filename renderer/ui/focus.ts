import { useEffect, useRef, type RefObject } from 'react';

/**
 * Whether keyboard focus has been lost: on <body> (or nowhere), as after the element that had it
 * left the page (a form closed, a screen replaced). Screens put focus back at their starting point
 * only then, never taking it from where the user put it.
 */
export function isFocusLost(doc: Document = document): boolean {
  const active = doc.activeElement;
  return active === null || active === doc.body || !active.isConnected;
}

/**
 * Focuses the element when `trigger` becomes non-null or changes (a result shown after an action),
 * if focus was lost meanwhile. The element needs `tabIndex={-1}` unless it is focusable.
 */
export function useFocusWhenLost<T extends HTMLElement>(trigger: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (trigger !== null && trigger !== undefined && isFocusLost()) ref.current?.focus();
  }, [trigger]);
  return ref;
}

/** Focuses the element once it is mounted (a view that replaced the one holding focus). */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
