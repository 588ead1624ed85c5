import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { buildServer, type ServerOptions } from '../../src/server/server.js';
import type { TestApp } from '../support/test-app.js';

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the answer is not JSON. */
  body: unknown;
  text: string;
}

export interface Client {
  /** The cookie or bearer this client sends. */
  auth?: { cookie?: string; bearer?: string };
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
}

export interface Running {
  server: FastifyInstance;
  url: string;
  client(auth?: Client['auth']): Client;
  /** Logs in over HTTP and returns a client carrying the session cookie. */
  login(nichandle: string, password?: string): Promise<Client>;
  /** A client carrying a fresh API token of the account (no argon2: quicker than a login). */
  as(nichandle: string): Promise<Client>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

/** The real server on an ephemeral port of 127.0.0.1, spoken to with fetch. */
export async function startServer(app: TestApp, options: ServerOptions = {}): Promise<Running> {
  const server = await buildServer(app, options);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  const url = `http://127.0.0.1:${address.port}`;

  const client = (auth: Client['auth'] = {}): Client => {
    const request = async (
      method: string,
      path: string,
      body?: unknown,
      extra: Record<string, string> = {},
    ): Promise<Answer> => {
      const headers: Record<string, string> = { ...extra };
      if (auth.cookie) headers.cookie = auth.cookie;
      if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
      let payload: string | undefined;
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body: payload });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
        parsed = JSON.parse(text);
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    };
    return {
      auth,
      request,
      get: (path) => request('GET', path),
      post: (path, body) => request('POST', path, body ?? {}),
    };
  };

  return {
    server,
    url,
    client,
    async login(nichandle, password = PASSWORD) {
      const answer = await client().post('/api/auth/login', { nichandle, password });
      if (answer.status !== 200) throw new Error(`login of ${nichandle} failed: ${answer.text}`);
      const cookie = answer.headers.get('set-cookie') ?? '';
      return client({ cookie: cookie.split(';')[0]! });
    },
    async as(nichandle) {
      const { token } = await createApiToken(app.ctx, nichandle);
      return client({ bearer: token });
    },
    close: () => server.close(),
  };
}
