import { describe, expect, it } from 'vitest';
import { createSessionStore } from './sessionStore';

const serverUrl = 'https://masar.example';

describe('sessionStore', () => {
  it('holds one session at a time: opening another replaces it', () => {
    const store = createSessionStore();
    expect(store.current()).toBeUndefined();
    const first = { token: 'first-token', userId: 'a', serverUrl };
    const second = { token: 'second-token', userId: 'b', serverUrl };
    store.open(first);
    store.open(second);
    expect(store.current()).toBe(second);
  });

  it('forgets the current session', () => {
    const store = createSessionStore();
    store.open({ token: 'token', userId: 'a', serverUrl });
    store.forget();
    expect(store.current()).toBeUndefined();
  });

  it('ignores a late answer about an older session: the next user stays signed in', () => {
    const store = createSessionStore();
    const older = { token: 'older-token', userId: 'a', serverUrl };
    const newer = { token: 'newer-token', userId: 'b', serverUrl };
    store.open(older);
    store.open(newer);
    store.forget(older);
    expect(store.current()).toBe(newer);
    store.forget(newer);
    expect(store.current()).toBeUndefined();
  });
});
