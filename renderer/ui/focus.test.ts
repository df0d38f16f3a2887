import { describe, expect, it } from 'vitest';
import { isFocusLost } from './focus';

/** A document as far as `isFocusLost` reads it (the unit tests run without a DOM). */
function documentWith(active: 'body' | 'none' | 'connected' | 'detached'): Document {
  const body = { isConnected: true };
  const activeElement = active === 'body' ? body : active === 'none' ? null : { isConnected: active === 'connected' };
  return { body, activeElement } as unknown as Document;
}

describe('isFocusLost', () => {
  it('is lost on <body> or nowhere', () => {
    expect(isFocusLost(documentWith('body'))).toBe(true);
    expect(isFocusLost(documentWith('none'))).toBe(true);
  });

  it('is lost on an element that has left the page (a closed form’s button)', () => {
    expect(isFocusLost(documentWith('detached'))).toBe(true);
  });

  it('is not lost on an element of the page: a screen never takes focus from where the user put it', () => {
    expect(isFocusLost(documentWith('connected'))).toBe(false);
  });
});
