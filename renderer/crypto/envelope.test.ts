import { describe, expect, it } from 'vitest';
import {
  fromBase64,
  generateSealingKey,
  ivLength,
  open,
  openBytes,
  openNow,
  seal,
  sealNow,
  toBase64,
} from './envelope';

const aad = 'beneficiaries|0190a8d4-1c2e-7a3b-9c4d-5e6f7a8b9c0d|3';
const record = { lastName: 'El Idrissi', firstNameAr: 'أمينة', cin: 'BK123456', children: 2, judicial: null };

describe('sealing under a key', () => {
  it('opens what it sealed: bytes as bytes, anything else as JSON', async () => {
    const key = await generateSealingKey();
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    expect(await open(key, aad, await seal(key, aad, bytes))).toEqual({ ok: true, value: bytes });
    expect(await open(key, aad, await seal(key, aad, record))).toEqual({ ok: true, value: record });
    expect(await open(key, aad, await seal(key, aad, 'نص'))).toEqual({ ok: true, value: 'نص' });
    expect(await openBytes(key, aad, await seal(key, aad, bytes))).toEqual({ ok: true, value: bytes });
    expect(await openBytes(key, aad, await seal(key, aad, record))).toEqual({ ok: false, error: 'malformed' });
  });

  it('keeps the plaintext out of the sealed bytes', async () => {
    const key = await generateSealingKey();
    const sealed = await seal(key, aad, record);
    expect(new TextDecoder().decode(sealed)).not.toContain('Idrissi');
    expect(new TextDecoder().decode(sealed)).not.toContain('BK123456');
  });

  it('refuses a sealed value with any byte changed, in every region', async () => {
    const key = await generateSealingKey();
    const sealed = await seal(key, aad, record);
    const regions = {
      version: [0],
      kind: [1],
      iv: [2, 2 + ivLength - 1],
      ciphertext: [2 + ivLength, sealed.length - 17],
      tag: [sealed.length - 16, sealed.length - 1],
    };
    const reasons: Record<string, string[]> = {};
    for (const [region, offsets] of Object.entries(regions)) {
      for (const offset of offsets) {
        const tampered = sealed.slice();
        tampered[offset] = (tampered[offset] ?? 0) ^ 0x01;
        const opened = await open(key, aad, tampered);
        expect(opened.ok, `${region} byte ${offset}`).toBe(false);
        if (!opened.ok) (reasons[region] ??= []).push(opened.error);
      }
    }
    expect(reasons).toEqual({
      version: ['unsupported-version'],
      // 0x00 ^ 0x01: read as JSON, which the header in the additional data refuses.
      kind: ['not-authentic'],
      iv: ['not-authentic', 'not-authentic'],
      ciphertext: ['not-authentic', 'not-authentic'],
      tag: ['not-authentic', 'not-authentic'],
    });
    // Every single bit of the whole value, too.
    for (let offset = 2; offset < sealed.length; offset += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const tampered = sealed.slice();
        tampered[offset] = (tampered[offset] ?? 0) ^ (1 << bit);
        expect((await open(key, aad, tampered)).ok).toBe(false);
      }
    }
    expect(await open(key, aad, sealed.slice(0, 20))).toEqual({ ok: false, error: 'malformed' });
    expect(await open(key, aad, sealed.slice(0, -1))).toEqual({ ok: false, error: 'not-authentic' });
  });

  it('refuses a ciphertext moved to another record, or opened with another key', async () => {
    const key = await generateSealingKey();
    const sealed = await seal(key, aad, record);
    for (const other of [
      'beneficiaries|0190a8d4-1c2e-7a3b-9c4d-5e6f7a8b9c0e|3',
      'beneficiaries|0190a8d4-1c2e-7a3b-9c4d-5e6f7a8b9c0d|4',
      'detentionRecords|0190a8d4-1c2e-7a3b-9c4d-5e6f7a8b9c0d|3',
      '',
    ]) {
      expect(await open(key, other, sealed)).toEqual({ ok: false, error: 'not-authentic' });
    }
    expect(await open(await generateSealingKey(), aad, sealed)).toEqual({ ok: false, error: 'not-authentic' });
  });

  it('draws a fresh IV for every seal, so the same record never seals twice alike', async () => {
    const key = await generateSealingKey();
    const ivs = new Set<string>();
    const sealedValues = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const sealed = await seal(key, aad, record);
      ivs.add(toBase64(sealed.subarray(2, 2 + ivLength)));
      sealedValues.add(toBase64(sealed));
    }
    expect(ivs.size).toBe(2000);
    expect(sealedValues.size).toBe(2000);
  });

  it('says nothing of the key or the value in a failure', async () => {
    const key = await generateSealingKey();
    const opened = await open(key, 'another|row|1', await seal(key, aad, record));
    expect(Object.keys(opened).sort()).toEqual(['error', 'ok']);
  });

  it('reads base64 in both alphabets and refuses anything else', () => {
    const bytes = Uint8Array.from([251, 255, 191, 0, 1]);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromBase64(toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))).toEqual(bytes);
    expect(fromBase64('not base64!')).toBeUndefined();
  });
});

describe('sealing without waiting (inside IndexedDB transactions)', () => {
  const raw = () => crypto.getRandomValues(new Uint8Array(32));
  const asKey = (bytes: Uint8Array<ArrayBuffer>) =>
    crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);

  it('writes the same format as WebCrypto: each opens what the other sealed', async () => {
    const bytes = raw();
    const key = await asKey(bytes);
    expect(await open(key, aad, sealNow(bytes, aad, record))).toEqual({ ok: true, value: record });
    expect(openNow(bytes, aad, await seal(key, aad, record))).toEqual({ ok: true, value: record });
    const data = Uint8Array.from([9, 8, 7]);
    expect(await openBytes(key, aad, sealNow(bytes, aad, data))).toEqual({ ok: true, value: data });
  });

  it('refuses another key, another record, a changed byte, and says only why', () => {
    const bytes = raw();
    const sealed = sealNow(bytes, aad, record);
    expect(openNow(raw(), aad, sealed)).toEqual({ ok: false, error: 'not-authentic' });
    expect(openNow(bytes, 'beneficiaries|another|3', sealed)).toEqual({ ok: false, error: 'not-authentic' });
    const flipped = Uint8Array.from(sealed);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(openNow(bytes, aad, flipped)).toEqual({ ok: false, error: 'not-authentic' });
    expect(openNow(bytes, aad, sealed.subarray(0, 10))).toEqual({ ok: false, error: 'malformed' });
    expect(openNow(bytes, aad, Uint8Array.of(2, ...sealed.subarray(1)))).toEqual({
      ok: false,
      error: 'unsupported-version',
    });
  });

  it('uses a fresh IV at every seal, across refills of the pool IVs are drawn from', () => {
    const bytes = raw();
    const ivs = new Set(
      Array.from({ length: 3000 }, () => toBase64(sealNow(bytes, aad, record).subarray(2, 2 + ivLength))),
    );
    expect(ivs.size).toBe(3000);
  });
});
