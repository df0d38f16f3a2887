import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { healthSchema } from '../../shared/api/health';
import { apiRouteTable } from '../../shared/api/routes';
import { rendererContentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import { buildTestServer, expectApiError, expectSecurityHeaders } from './support/http';
import { engines } from './support/testDatabase';

const indexHtml =
  '<!doctype html><html><head><script type="module" src="./assets/app-3f9a.js"></script></head><body><div id="root"></div></body></html>';

/** A minimal Vite-like build: index.html, a hashed asset, a root file. */
async function rendererBuild(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'masar-renderer-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), indexHtml);
  await writeFile(join(dir, 'assets', 'app-3f9a.js'), 'console.log("masar");');
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, '.env'), 'SECRET=1');
  return dir;
}

async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'masar-renderer-empty-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe.each(engines)('renderer served on %s', (engine) => {
  it('serves index.html at / with the CSP, the security headers and no-cache', async () => {
    const app = await buildTestServer(engine, { rendererDir: await rendererBuild() });
    for (const url of ['/', '/index.html']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toBe(rendererContentSecurityPolicy);
      expect(response.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(response);
      expect(response.payload).toBe(indexHtml);
    }
  });

  it('serves hashed assets as immutable, other files as they are', async () => {
    const app = await buildTestServer(engine, { rendererDir: await rendererBuild() });
    const asset = await app.inject({ method: 'GET', url: '/assets/app-3f9a.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBeUndefined();
    expectSecurityHeaders(asset);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('answers client-side routes with index.html (SPA fallback), CSP and no-cache', async () => {
    const app = await buildTestServer(engine, { rendererDir: await rendererBuild() });
    const navigations = [
      { url: '/beneficiaries', headers: {} },
      { url: '/beneficiaries/0190a4c5-7d1e-7a3b-8f00-0123456789ab?tab=diagnostic', headers: {} },
      { url: '/reports/2024.01', headers: { accept: 'text/html,application/xhtml+xml' } },
    ];
    for (const { url, headers } of navigations) {
      const response = await app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, url).toBe(200);
      expect(response.payload).toBe(indexHtml);
      expect(response.headers['content-security-policy']).toBe(rendererContentSecurityPolicy);
      expect(response.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(response);
    }
    const head = await app.inject({ method: 'HEAD', url: '/beneficiaries' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/html/);
  });

  it('never falls back for /api paths, missing assets or other methods', async () => {
    const app = await buildTestServer(engine, { rendererDir: await rendererBuild() });
    expectApiError(await app.inject({ method: 'GET', url: '/api/nope' }), 404, 'not-found');
    expectApiError(
      await app.inject({ method: 'GET', url: '/api/nope', headers: { accept: 'text/html' } }),
      404,
      'not-found',
    );
    expectApiError(await app.inject({ method: 'GET', url: '/api/' }), 404, 'not-found');
    expectApiError(await app.inject({ method: 'GET', url: '/assets/app-missing.js' }), 404, 'not-found');
    expectApiError(await app.inject({ method: 'POST', url: '/beneficiaries', payload: {} }), 404, 'not-found');
    const health = await app.inject({ method: 'GET', url: apiRouteTable.health.path });
    expect(healthSchema.parse(health.json()).engine).toBe(engine);
  });

  it('serves no dotfile and nothing outside the renderer folder', async () => {
    const app = await buildTestServer(engine, { rendererDir: await rendererBuild() });
    const dotfile = await app.inject({ method: 'GET', url: '/.env' });
    expect(dotfile.payload).not.toContain('SECRET');
    for (const url of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.payload, url).not.toMatch(/"workspaces"|root:x:0/);
    }
  });

  it('says how to build the renderer when the folder is missing or empty, and keeps the API up', async () => {
    for (const rendererDir of [join(await emptyDir(), 'does-not-exist'), await emptyDir(), undefined]) {
      const app = await buildTestServer(engine, { rendererDir });
      for (const url of ['/', '/beneficiaries']) {
        const { error } = expectApiError(await app.inject({ method: 'GET', url }), 503, 'renderer-not-built');
        expect(error.message).toContain('npm run build:renderer');
      }
      expectApiError(await app.inject({ method: 'GET', url: '/api/nope' }), 404, 'not-found');
      expect((await app.inject({ method: 'GET', url: apiRouteTable.health.path })).statusCode).toBe(200);
    }
  });
});
