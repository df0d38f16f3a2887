/** Assertions shared by the route tests: the error contract and the headers every answer carries. */
import type { LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { apiErrorSchema } from '../../../shared/api/health';
import type { ApiError, DatabaseEngine } from '../../../shared/api/health';
import { buildServer } from '../../src/app';
import type { BuildServerOptions } from '../../src/app';
import type { MasarServer } from '../../src/masarServer';
import { openTestDatabase } from './testDatabase';

/** A stack frame as V8 prints it: `at fn (/path/file.ts:12:5)` or `at /path/file.js:1:2`. */
const stackFramePattern = /\bat\s+(?:\S+\s+\()?(?:\/|file:|node:)\S*:\d+:\d+/;

export function expectNoStackTrace(payload: string): void {
  expect(payload).not.toMatch(stackFramePattern);
  expect(payload).not.toMatch(/\n\s+at /);
}

export function expectSecurityHeaders(response: LightMyRequestResponse): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-frame-options']).toBe('DENY');
}

/** Checks status, JSON content type, `apiErrorSchema`, the code, headers and the absence of a stack. */
export function expectApiError(response: LightMyRequestResponse, statusCode: number, code: string): ApiError {
  expect(response.statusCode).toBe(statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expectSecurityHeaders(response);
  expectNoStackTrace(response.payload);
  const body = apiErrorSchema.parse(response.json());
  expect(body.error.code).toBe(code);
  return body;
}

export const testVersion = '9.9.9-test';

/** A server on a fresh migrated database of `engine`, closed when the test finishes. */
export async function buildTestServer(
  engine: DatabaseEngine,
  options: Omit<BuildServerOptions, 'database' | 'version'> = {},
): Promise<MasarServer> {
  const database = await openTestDatabase(engine);
  const app = buildServer({ database, version: testVersion, ...options });
  onTestFinished(() => app.close());
  return app;
}
