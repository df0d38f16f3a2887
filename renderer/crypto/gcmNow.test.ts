import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gcm } from '@noble/ciphers/aes.js';
import { decryptNow, encryptNow, forgetKey } from './gcmNow';

const bytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const webKey = (key: Uint8Array<ArrayBuffer>, usage: 'encrypt' | 'decrypt') =>
  crypto.subtle.importKey('raw', key, 'AES-GCM', false, [usage]);

describe('AES-256-GCM with the key prepared once', () => {
  it('gives exactly what noble’s gcm() gives, for any key, IV, additional data and length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ minLength: 1000, maxLength: 3000 })),
        (key, iv, aad, plaintext) => {
          const expected = gcm(key, iv, aad).encrypt(plaintext);
          const sealed = encryptNow(key, iv, aad, plaintext);
          expect(sealed).toEqual(expected);
          expect(decryptNow(key, iv, aad, sealed)).toEqual(plaintext);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('opens what WebCrypto sealed, and WebCrypto opens what it sealed', async () => {
    for (const length of [0, 1, 15, 16, 17, 1356, 4099]) {
      const key = bytes(32);
      const iv = bytes(12);
      const aad = new TextEncoder().encode(`row|beneficiaries|[["id","${String(length)}"]]`);
      const plaintext = bytes(length);
      const byWebCrypto = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 },
          await webKey(key, 'encrypt'),
          plaintext,
        ),
      );
      expect(decryptNow(key, iv, aad, byWebCrypto)).toEqual(plaintext);
      const opened = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 },
        await webKey(key, 'decrypt'),
        encryptNow(key, iv, aad, plaintext) as Uint8Array<ArrayBuffer>,
      );
      expect(new Uint8Array(opened)).toEqual(plaintext);
    }
  });

  it('opens nothing changed: any flipped byte, other additional data, another key or IV', () => {
    const key = bytes(32);
    const iv = bytes(12);
    const aad = new TextEncoder().encode('row|outbox|[["seq",3]]');
    const sealed = encryptNow(key, iv, aad, bytes(40));
    for (let position = 0; position < sealed.length; position++) {
      const flipped = Uint8Array.from(sealed);
      flipped[position] = (flipped[position] ?? 0) ^ 0x01;
      expect(decryptNow(key, iv, aad, flipped)).toBeNull();
    }
    expect(decryptNow(key, iv, new TextEncoder().encode('row|outbox|[["seq",4]]'), sealed)).toBeNull();
    expect(decryptNow(bytes(32), iv, aad, sealed)).toBeNull();
    expect(decryptNow(key, bytes(12), aad, sealed)).toBeNull();
    expect(decryptNow(key, iv, aad, sealed.subarray(0, 15))).toBeNull();
  });

  it('prepares a key again when its bytes changed in place, or after it was forgotten', () => {
    const key = bytes(32);
    const iv = bytes(12);
    const aad = bytes(20);
    const plaintext = bytes(64);
    encryptNow(key, iv, aad, plaintext);
    key[0] = (key[0] ?? 0) ^ 0xff;
    expect(encryptNow(key, iv, aad, plaintext)).toEqual(gcm(key, iv, aad).encrypt(plaintext));
    forgetKey(key);
    expect(encryptNow(key, iv, aad, plaintext)).toEqual(gcm(key, iv, aad).encrypt(plaintext));
  });

  it('refuses a key or an IV of the wrong size', () => {
    expect(() => encryptNow(bytes(16), bytes(12), bytes(0), bytes(8))).toThrow('32 bytes');
    expect(() => encryptNow(bytes(32), bytes(16), bytes(0), bytes(8))).toThrow('12 bytes');
  });
});
