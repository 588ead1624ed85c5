import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { buildServer } from '../../src/server/server.js';
import { createService } from '../../src/services/create-service.js';
import { linkIn, startSmtp, type TestSmtp } from '../mail/support/smtp.js';
import { ADMIN, BILLING, NEWBIE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { httpsCall, makeCertificate, type TestCertificate } from './support/tls.js';

/**
 * SPEC §10's proof: OVH's own Node client, @ovhcloud/node-ovh 3.0.0 as the npm registry ships
 * it, configured with contacthub's host, port, basePath '/api', an API application's client id
 * and secret and tokenURL on contacthub, over HTTPS with a certificate made here, runs the
 * guide's story on a DNS zone. The e-mails go through a real SMTP server, which gives the codes.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(ROOT, 'test/http/support/ovh-client.ts');
const ZONE = 'example.com';

let smtp: TestSmtp;
let app: TestApp;
let server: FastifyInstance;
let certificate: TestCertificate;
let base: string;
let child: ChildProcessWithoutNullStreams | undefined;
let dir = '';

beforeAll(async () => {
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'contacthub-ovh-'));
  certificate = await makeCertificate(dir);
  app = await makeTestApp({
    SMTP_URL: smtp.url,
    TLS_CERT_FILE: certificate.certFile,
    TLS_KEY_FILE: certificate.keyFile,
  });
  await seedGuide(app.ctx);
  await createService(app.ctx, {
    serviceType: 'zone',
    serviceName: ZONE,
    contactAdmin: ADMIN,
    contactTech: TECH,
    contactBilling: BILLING,
  });
  server = await buildServer(app);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  base = `https://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await server.close();
  await app.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An API application of the account, made through contacthub's API as a script would. */
async function applicationOf(nichandle: string) {
  const { token } = await createApiToken(app.ctx, nichandle);
  const answer = await httpsCall(certificate.cert, `${base}/api/me/api/oauth2/client`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'node-ovh', flow: 'CLIENT_CREDENTIALS' }),
  });
  expect(answer.status, answer.text).toBe(200);
  const { clientId, clientSecret } = answer.body as { clientId: string; clientSecret: string };
  return { clientID: clientId, clientSecret };
}

/** The node-ovh child: each call is one `requestPromised` of the named client. */
function startClient(clients: Record<string, { clientID: string; clientSecret: string }>) {
  const url = new URL(base);
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      // Read at process start only: the client's token request has its own HTTPS agents.
      NODE_EXTRA_CA_CERTS: certificate.certFile,
      OVH_HOST: url.hostname,
      OVH_PORT: url.port,
      OVH_CLIENTS: JSON.stringify(clients),
    },
  });
  child = proc;
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  type Answer = { seq: number; ok: boolean; value?: unknown; error?: unknown };
  const pending = new Map<number, { done: (a: Answer) => void; fail: (e: Error) => void }>();
  proc.once('exit', (code) => {
    for (const waiter of pending.values())
      waiter.fail(new Error(`node-ovh exited ${code}: ${stderr}`));
  });
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const answer = JSON.parse(line) as Answer;
    if (answer.seq === -1) {
      for (const waiter of pending.values())
        waiter.fail(new Error(`node-ovh: ${String(answer.error)}`));
    }
    pending.get(answer.seq)?.done(answer);
  });
  let seq = 0;
  return async (client: string, method: string, path: string, params?: object) => {
    const mine = ++seq;
    const answer = await new Promise<Answer>((done, fail) => {
      pending.set(mine, { done, fail });
      proc.stdin.write(`${JSON.stringify({ seq: mine, client, method, path, params })}\n`);
    });
    pending.delete(mine);
    if (!answer.ok) throw new Error(`${method} ${path}: ${JSON.stringify(answer.error)}`);
    return answer.value;
  };
}

/** The code in the newest e-mail of the request to an account, as its reader would copy it. */
function codeFor(nichandle: string, taskId: number): string {
  const mail = smtp.received
    .filter((r) => r.to.includes(`${nichandle}@example.test`))
    .map((r) => r.mail)
    .reverse()
    .find((m) => linkIn(m).taskId === taskId);
  const token = mail && linkIn(mail).token;
  if (!token) throw new Error(`no e-mail with a code for ${nichandle}`);
  return token;
}

test("OVH's Node client runs the guide's story on a zone: request, e-mails, both accept, applied", async () => {
  const admin = await applicationOf(ADMIN);
  const newbie = await applicationOf(NEWBIE);
  const call = startClient({ admin, newbie });

  expect(await call('admin', 'GET', '/me')).toMatchObject({ nichandle: ADMIN });
  expect(await call('admin', 'GET', '/me/task/contactChange')).toEqual([]);

  // OVH's panel posts all three fields, the unchanged ones included (R4 as amended).
  const ids = (await call('admin', 'POST', '/domain/zone/{zoneName}/changeContact', {
    zoneName: ZONE,
    contactAdmin: ADMIN,
    contactTech: NEWBIE,
    contactBilling: BILLING,
  })) as number[];
  expect(ids).toEqual([expect.any(Number)]);
  const id = ids[0]!;

  // The requests of its services: ids through the client, full objects through OVH's paging,
  // which the client cannot ask for (it sends no headers of its own): a plain HTTPS call with a
  // Bearer token of the same application.
  expect(
    await call('admin', 'GET', '/me/task/contactChange', { state: 'validatingByCustomers' }),
  ).toEqual([id]);
  const token = await httpsCall(certificate.cert, `${base}/api/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${admin.clientID}:${admin.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=all',
  });
  const { access_token } = token.body as { access_token: string };
  const page = await httpsCall(certificate.cert, `${base}/api/me/task/contactChange`, {
    headers: {
      authorization: `Bearer ${access_token}`,
      'x-pagination-mode': 'CachedObjectList-Pages',
      'x-pagination-size': '10',
      'x-pagination-number': '1',
    },
  });
  expect(page.headers['x-pagination-elements']).toBe('1');
  expect(page.body).toEqual([
    expect.objectContaining({ id, serviceType: 'zone', serviceDomain: ZONE }),
  ]);

  const task = await call('admin', 'GET', '/me/task/contactChange/{id}', { id });
  expect(task).toMatchObject({
    id,
    state: 'validatingByCustomers',
    askingAccount: ADMIN,
    fromAccount: TECH,
    toAccount: NEWBIE,
    contactTypes: ['contactTech'],
    serviceDomain: ZONE,
  });

  // The worker sends each validator its code by e-mail; each accepts with its own.
  await app.worker.drain();
  await smtp.waitForMessages(2);
  await call('admin', 'POST', '/me/task/contactChange/{id}/accept', {
    id,
    token: codeFor(ADMIN, id),
  });
  expect(await call('newbie', 'GET', '/me/task/contactChange/{id}', { id })).toMatchObject({
    waitingFor: [NEWBIE],
  });
  await call('newbie', 'POST', '/me/task/contactChange/{id}/accept', {
    id,
    token: codeFor(NEWBIE, id),
  });
  await app.worker.drain();

  expect(await call('admin', 'GET', '/me/task/contactChange/{id}', { id })).toMatchObject({
    state: 'done',
  });
  expect(await call('admin', 'GET', `/domain/zone/${ZONE}/serviceInfos`)).toMatchObject({
    domain: ZONE,
    contactAdmin: ADMIN,
    contactTech: NEWBIE,
    contactBilling: BILLING,
  });
  expect(
    await call('newbie', 'GET', '/domain/zone/{zoneName}/serviceInfos', { zoneName: ZONE }),
  ).toMatchObject({
    contactTech: NEWBIE,
  });

  // A refusal reaches the client's promise with the status and the message, as OVH's would.
  await expect(call('admin', 'GET', '/domain/zone/nothing.example/serviceInfos')).rejects.toThrow(
    /"error":404/,
  );
});
