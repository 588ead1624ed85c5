import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.js';
import { adminRoutes } from './admin.routes.js';
import { authRoutes } from './auth.routes.js';
import { oauth2Routes } from './oauth2.routes.js';
import { batchesRoutes } from './batches.routes.js';
import { profileRoutes } from './profile.routes.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { servicesRoutes } from './services.routes.js';
import { tasksRoutes } from './tasks.routes.js';

/** Everything under /api (SPEC §5). */
export const apiRoutes: FastifyPluginAsync<{ app: App; limiter: RateLimiter }> = async (
  server,
  { app, limiter },
) => {
  await server.register(authRoutes, { limiter });
  await server.register(servicesRoutes, { limiter });
  await server.register(tasksRoutes, { limiter });
  await server.register(oauth2Routes);
  await server.register(batchesRoutes, { limiter });
  await server.register(profileRoutes, { limiter });
  const adminToken = app.ctx.config.adminToken;
  if (adminToken !== undefined)
    await server.register(adminRoutes, { prefix: '/admin', adminToken });
};
