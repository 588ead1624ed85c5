import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { pingDatabase } from './server.repository.js';

/**
 * GET /health for load balancers: 200 when this process can reach its database; otherwise the
 * error handler answers 503 in SPEC's error shape. Needs no credentials and says nothing else.
 */
export function healthRoutes(server: FastifyInstance, app: App): void {
  server.get('/health', async (_request, reply) => {
    await pingDatabase(app.ctx.database.db);
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });
}
