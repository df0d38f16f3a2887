/**
 * Response headers every answer of the server carries, whatever produced it (route, static
 * file, fallback, error): no MIME sniffing, no referrer, no framing, and the renderer's
 * Content-Security-Policy on HTML. API answers are never cached: they hold personal data.
 */
import type { FastifyInstance } from 'fastify';
import { rendererContentSecurityPolicy } from '../../../shared/security/contentSecurityPolicy';
import { isApiPath } from './paths';

export const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.headers(securityHeaders);
    const contentType = reply.getHeader('content-type');
    if (typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/html')) {
      void reply.header('content-security-policy', rendererContentSecurityPolicy);
    }
    if (isApiPath(request.url) && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
