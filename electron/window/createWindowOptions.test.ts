import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './createWindowOptions';

describe('createWindowOptions', () => {
  const options = createWindowOptions('/app/dist/electron/preload.cjs');
  const web = options.webPreferences ?? {};

  it('isolates and sandboxes the page, with the preload as its only bridge', () => {
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
  });

  it('gives the page no Node, in the page, its workers or its frames', () => {
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses mixed content, webviews and spellcheck', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.spellcheck).toBe(false);
  });

  it('opens devtools only when allowed (development builds)', () => {
    expect(web.devTools).toBe(false);
    expect(createWindowOptions('/p.cjs', { allowDevTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('is titled Masar, sized for a laptop, and hidden until ready to show', () => {
    expect(options.title).toBe('Masar');
    expect(options.show).toBe(false);
    expect(options.width).toBeGreaterThanOrEqual(1024);
    expect(options.height).toBeGreaterThanOrEqual(700);
    expect(options.minWidth).toBeLessThanOrEqual(options.width ?? 0);
  });

  it('opens within the work area of a small screen (1366×768 at 125 %: 1093×576)', () => {
    const small = createWindowOptions('/p.cjs', { allowDevTools: false, workArea: { width: 1093, height: 576 } });
    expect(small.width).toBe(1093);
    expect(small.height).toBe(576);
    expect(small.minWidth).toBeLessThanOrEqual(1093);
    expect(small.minHeight).toBeLessThanOrEqual(576);
  });

  it('keeps its preferred size on a large screen', () => {
    const large = createWindowOptions('/p.cjs', { allowDevTools: false, workArea: { width: 1920, height: 1040 } });
    expect([large.width, large.height]).toEqual([1280, 800]);
    expect([large.minWidth, large.minHeight]).toEqual([960, 560]);
  });
});
