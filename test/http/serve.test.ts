import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { TEST_DIALECT, TEST_SECRET_KEY, makeTestApp } from '../support/test-app.js';
import { startServer } from './http-support.js';

/**
 * `contacthub serve` and `contacthub demo` as real processes, stopped by a signal. They run on
 * an SQLite file (the embedded mode), so once: in the SQLite project.
 */
const processTest = test.skipIf(TEST_DIALECT === 'postgres');

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'test/http/cli-entry.ts');

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** Resolves with the first stdout match of `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Proc {
  // Node itself with tsx's loader, as the other process tests: the tsx command would stand
  // between the test and the server as a parent that relays signals, and when the server has
  // not told it within 30 ms that a relayed signal arrived (a busy machine), it kills the server
  // and exits 143 itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', SECRET_KEY: TEST_SECRET_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    waiters.forEach((w) => w());
  });
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise((done, fail) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) done(match);
        };
        waiters.push(check);
        check();
        void exited.then(() => fail(new Error(`exited before ${pattern}: ${out}\n${err}`)));
      }),
  };
}

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-serve-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'contacthub.db')}`;
}

processTest(
  'serve migrates, listens, says where mail goes, logs requests and stops on SIGTERM',
  async () => {
    const proc = run(['serve'], {
      DATABASE_URL: tempDb(),
      ADMIN_TOKEN: 'operator-token-0123456789',
    });
    const [, url] = await proc.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await proc.waitFor(/mail: built-in mailbox/);

    const me = await fetch(`${url}/api/me`);
    expect(me.status).toBe(401);
    const made = await fetch(`${url}/api/admin/accounts`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer operator-token-0123456789',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        email: 'p@example.test',
        name: 'Pat Person',
        password: 'a secret pw',
      }),
    });
    expect(made.status).toBe(201);
    expect((await fetch(`${url}/dev/mailbox`)).status).toBe(200);
    await proc.waitFor(/"url":"\/dev\/mailbox"/);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.out()).toMatch(/SIGTERM received, stopping/);
    expect(proc.out()).not.toContain('a secret pw');
    expect(proc.out()).not.toContain('operator-token-0123456789');
    await expect(fetch(`${url}/api/me`)).rejects.toThrow();
  },
);

processTest('SIGTERM lets a request in flight finish before the process exits', async () => {
  const proc = run(['serve'], { DATABASE_URL: tempDb() });
  const [, port] = await proc.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
  const body = JSON.stringify({ nichandle: 'zz99999-ch', password: 'not this one' });
  const socket = connect(Number(port), '127.0.0.1');
  let received = '';
  const seen = (text: string) =>
    new Promise<void>((done) => {
      const check = () => received.includes(text) && done();
      socket.on('data', check);
      check();
    });
  socket.on('data', (chunk: Buffer) => void (received += chunk.toString()));
  const gotContinue = seen('100 Continue');
  const answered = seen('NOT_AUTHENTICATED');
  // Headers first: "100 Continue" proves the server has the request in hand.
  socket.write(
    'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await gotContinue;
  proc.child.kill('SIGTERM');
  await proc.waitFor(/SIGTERM received/);
  // The rest of the request, without half-closing (Node drops a half-closed client's request).
  socket.write(body);
  await answered;
  socket.end();
  expect(received).toMatch(/HTTP\/1\.1 401 Unauthorized/);
  expect(received).toContain('"errorCode":"NOT_AUTHENTICATED"');
  expect(await proc.exited).toBe(0);
});

processTest('demo creates its accounts once, and a second start finds them', async () => {
  const database = tempDb();
  const first = run(['demo'], { DATABASE_URL: database });
  await first.waitFor(/demo data: 6 accounts and 6 services created/);
  const [, url] = await first.waitFor(/listening on (http:\/\/[^ ]+)/);
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nichandle: 'aa10001-demo', password: 'contacthub-demo' }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const services = await fetch(`${url}/api/me/contacts/services`, { headers: { cookie } });
  const names = ((await services.json()) as { items: { serviceName: string }[] }).items.map(
    (s) => s.serviceName,
  );
  expect(names).toContain('example.com');
  expect(names).toContain('mail/example.com');
  first.child.kill('SIGINT');
  expect(await first.exited).toBe(0);

  const second = run(['demo'], { DATABASE_URL: database });
  await second.waitFor(/demo data: 0 accounts and 0 services created/);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

processTest('demo refuses to run in production', async () => {
  const proc = run(['demo'], { DATABASE_URL: tempDb(), NODE_ENV: 'production' });
  expect(await proc.exited).toBe(2);
  expect(proc.err().trim()).toMatch(/^contacthub: demo data is off when NODE_ENV=production/);
});

test('in production the built-in mailbox page does not exist', async () => {
  const app = await makeTestApp({ NODE_ENV: 'production' });
  const http = await startServer(app);
  try {
    const answer = await http.client().get('/dev/mailbox');
    expect(answer.status).toBe(404);
  } finally {
    await http.close();
    await app.close();
  }
});
