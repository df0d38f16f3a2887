import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * Puts the lock screen above everything, dialogs included (Mantine renders them in portals,
 * outside the work screens), and makes every other part of the page inert while locked: a form
 * left open must neither show through nor take the keyboard focus.
 */
export function LockOverlay({ children }: { children: ReactNode }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const own = container.current;
    const others = [...document.body.children].filter(
      (element): element is HTMLElement => element instanceof HTMLElement && !element.contains(own),
    );
    const wasInert = others.map((element) => element.inert);
    for (const element of others) element.inert = true;
    return () => {
      others.forEach((element, index) => {
        element.inert = wasInert[index] ?? false;
      });
    };
  }, []);

  // A synchronous portal (not Mantine's, which mounts a tick later): the container must exist
  // when the effect decides what to make inert.
  return createPortal(
    <div
      ref={container}
      style={{ position: 'fixed', inset: 0, zIndex: 10000, background: 'var(--mantine-color-body)', overflow: 'auto' }}
    >
      {children}
    </div>,
    document.body,
  );
}
