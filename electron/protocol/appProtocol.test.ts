import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import type { ProtocolRequest } from './appProtocol';
import { createAppProtocolHandler, isAppUrl } from './appProtocol';

let folder: string;
let secretPath: string;
let handle: (request: ProtocolRequest) => Promise<Response>;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'masar-protocol-'));
  const root = path.join(folder, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Masar</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'noto.woff2'), 'font');
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(path.join(root, 'assets', 'data.bin'), 'x');
  // A file next to the renderer folder: reachable only by escaping it.
  secretPath = path.join(folder, 'secret.txt');
  await writeFile(secretPath, 'personal data');
  handle = createAppProtocolHandler(root);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));
/** Bypasses the URL normalisation of `new Request`, as a hostile caller might. */
const getRaw = (url: string) => handle({ url, method: 'GET' });

describe('the masar://app protocol handler', () => {
  it('serves index.html at the root with the CSP and nosniff', async () => {
    const response = await get('masar://app/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Masar</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
    ['assets/noto.woff2', 'font/woff2'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/data.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (file, mime) => {
    const response = await get(`masar://app/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(mime);
    expect(response.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy);
  });

  it('falls back to index.html for the routes of the app', async () => {
    for (const route of ['masar://app/beneficiaires', 'masar://app/beneficiaires/018f2c3a/parcours']) {
      const response = await get(route);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>Masar</title>');
    }
  });

  it('answers 404 for a missing asset, with the same security headers', async () => {
    const response = await get('masar://app/assets/missing.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['encoded dots and slash', 'masar://app/%2e%2e%2fsecret.txt'],
    ['encoded slash', 'masar://app/..%2fsecret.txt'],
    ['encoded backslash', 'masar://app/..%5csecret.txt'],
    ['deeper encoded traversal', 'masar://app/assets/%2E%2E%2F%2E%2E%2Fsecret.txt'],
  ])('refuses traversal out of the renderer folder (%s)', async (_name, url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('personal data');
  });

  it('refuses plain .. segments even when they reach the handler unnormalised', async () => {
    for (const url of ['masar://app/../secret.txt', 'masar://app/assets/../../secret.txt']) {
      const response = await getRaw(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('personal data');
    }
  });

  it('refuses absolute paths, encoded or not', async () => {
    for (const url of [
      `masar://app/${encodeURIComponent(secretPath)}`,
      `masar://app/${secretPath.split('/').map(encodeURIComponent).join('/')}`,
      `masar://app//${secretPath}`,
      'masar://app/C:%5CWindows%5Cwin.ini',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('personal data');
    }
  });

  it('refuses malformed encodings and other hosts', async () => {
    expect((await get('masar://app/%E0%A4%A.js')).status).toBe(404);
    expect((await get('masar://other/index.html')).status).toBe(404);
    expect((await get('masar://app:8080/index.html')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('masar://app/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('masar://app/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy);
  });
});

describe('isAppUrl', () => {
  it('accepts masar://app only', () => {
    expect(isAppUrl('masar://app/')).toBe(true);
    expect(isAppUrl('masar://app/beneficiaires?x=1#y')).toBe(true);
    expect(isAppUrl('masar://evil/')).toBe(false);
    expect(isAppUrl('masar://app.evil.ma/')).toBe(false);
    expect(isAppUrl('masar://user@app/')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('file:///app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
