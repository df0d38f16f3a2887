import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The idle timer's logic, without a DOM: React's `useRef` and `useEffect` are replaced by a
 * minimal stand-in that runs each effect at once and keeps its clean-up (what React does at mount
 * and unmount), and `window` by an event target with the fake timers.
 */
const cleanups: (() => void)[] = [];
vi.mock('react', () => ({
  useRef: <T>(initial: T) => ({ current: initial }),
  useEffect: (effect: () => (() => void) | undefined) => {
    const cleanup = effect();
    if (cleanup) cleanups.push(cleanup);
  },
}));

const { useIdleTimer } = await import('./useIdleTimer');

/** Runs the clean-ups of the effects run so far, as React does when the component goes. */
const unmount = () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
};

let fakeWindow: EventTarget;

beforeEach(() => {
  vi.useFakeTimers();
  fakeWindow = new EventTarget();
  // The timers are looked up at each call: the fake ones.
  vi.stubGlobal(
    'window',
    Object.assign(fakeWindow, {
      setTimeout: (handler: () => void, ms: number) => setTimeout(handler, ms),
      clearTimeout: (id: ReturnType<typeof setTimeout>) => {
        clearTimeout(id);
      },
    }),
  );
});

afterEach(() => {
  unmount();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const minute = 60_000;

describe('useIdleTimer', () => {
  it('calls onIdle once after the minutes without activity', () => {
    const onIdle = vi.fn();
    useIdleTimer(5, onIdle, true);
    vi.advanceTimersByTime(5 * minute - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * minute);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('starts the minutes again at each keyboard, mouse or touch activity', () => {
    const onIdle = vi.fn();
    useIdleTimer(5, onIdle, true);
    for (const event of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']) {
      vi.advanceTimersByTime(4 * minute);
      fakeWindow.dispatchEvent(new Event(event));
    }
    vi.advanceTimersByTime(5 * minute - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does nothing while inactive', () => {
    const onIdle = vi.fn();
    useIdleTimer(5, onIdle, false);
    vi.advanceTimersByTime(60 * minute);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('stops when unmounted, and activity after that starts nothing', () => {
    const onIdle = vi.fn();
    useIdleTimer(5, onIdle, true);
    vi.advanceTimersByTime(4 * minute);
    unmount();
    fakeWindow.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(60 * minute);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
