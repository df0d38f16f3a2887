import { useEffect, useRef } from 'react';

const activityEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Calls `onIdle` once after `minutes` without keyboard, mouse or touch activity. */
export function useIdleTimer(minutes: number, onIdle: () => void, isActive: boolean): void {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!isActive) return undefined;
    let timer = window.setTimeout(() => {
      onIdleRef.current();
    }, minutes * 60_000);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        onIdleRef.current();
      }, minutes * 60_000);
    };
    for (const event of activityEvents) window.addEventListener(event, restart, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of activityEvents) window.removeEventListener(event, restart);
    };
  }, [minutes, isActive]);
}
