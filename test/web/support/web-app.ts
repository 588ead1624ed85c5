import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/server.js';
import { freePort } from '../../support/free-port.js';
import { makeTestApp, type TestApp } from '../../support/test-app.js';

export interface WebApp {
  app: TestApp;
  server: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * contacthub listening on 127.0.0.1 over a fresh test database, with PUBLIC_URL pointing at
 * itself so that the links of the e-mails lead back to it. The port is chosen before the server
 * listens; another process may take it in between (test files run two at a time, decision
 * 042), so a port found taken is given up for another.
 */
export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const app = await makeTestApp({ PUBLIC_URL: baseUrl, ...env });
    const server = await buildServer(app, {
      // The browser stories log in many times from one address.
      rateLimits: { loginPerAddress: { max: 1000, windowSeconds: 60 } },
    });
    try {
      await server.listen({ host: '127.0.0.1', port });
    } catch (error) {
      await server.close();
      await app.close();
      if ((error as { code?: unknown }).code === 'EADDRINUSE' && attempt < 5) continue;
      throw error;
    }
    return {
      app,
      server,
      baseUrl,
      async close() {
        await server.close();
        await app.close();
      },
    };
  }
}

/** Cookie header value from a response's set-cookie headers, for inject-based tests. */
export function cookiesOf(setCookie: string | string[] | undefined): Record<string, string> {
  const list = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  const jar: Record<string, string> = {};
  for (const line of list) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    jar[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return jar;
}
