import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, NEWBIE, OUTSIDER, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, TEST_DIALECT, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';
import { call, startServe, waitFor, type ServeProcess } from '../multiprocess/processes.js';

/**
 * Issue 24, point 11 (B): a CLI import into the SQLite file a live `serve` uses. Requests made,
 * accepted and applied meanwhile go through, their e-mails are sent, no job fails (no line at
 * error level: a job that meets SQLITE_BUSY is retried, decision 108), and the import completes.
 * The imported services are a new account's, in name order, as a provider's first load is.
 * SQLite only: PostgreSQL has no file-wide write lock.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../multiprocess/cli-entry.ts', import.meta.url));
const ROWS = 60_000;
const CHANGES = 6;

let app: TestApp | undefined;
let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.kill();
  await app?.close();
  app = serve = undefined;
});

async function writeServices(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('serviceType,serviceName,contactAdmin,contactTech,contactBilling,status\n');
  for (let i = 0; i < ROWS; i += 1_000) {
    let chunk = '';
    for (let j = i; j < i + 1_000; j++) {
      chunk += `domain,imported-${String(j).padStart(6, '0')}.example,${OUTSIDER},,,ok\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `contacthub import services FILE --on-error skip --json`, as an operator would run it. */
function importServices(file: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, 'import', 'services', file, '--on-error', 'skip', '--json'],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  let finished = false;
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.once('exit', (code) => {
      finished = true;
      resolve({ code, out, err });
    }),
  );
  return { exited, running: () => !finished };
}

test.skipIf(TEST_DIALECT !== 'sqlite')(
  'a CLI import into the live SQLite file: requests are accepted, applied and e-mailed meanwhile, no job fails, the import completes',
  async () => {
    app = await makeTestApp();
    app.clock.set(Date.now()); // serve uses the system clock
    await seedGuide(app.ctx);
    const services = Array.from({ length: CHANGES }, (_, i) => `live-${i}.example`);
    for (const serviceName of services) {
      await createService(app.ctx, {
        serviceType: 'domain',
        serviceName,
        contactAdmin: ADMIN,
        contactTech: TECH,
      });
    }
    const admin = (await createApiToken(app.ctx, ADMIN)).token;
    const newbie = (await createApiToken(app.ctx, NEWBIE)).token;
    const file = join(app.dir, 'services.csv');
    await writeServices(file);
    const env = { DATABASE_URL: app.config.databaseUrl, SECRET_KEY: TEST_SECRET_KEY };
    serve = await startServe('serve', env);

    const run = importServices(file, env);
    const db = app.ctx.database.db;
    const imported = async () =>
      Number(
        (
          await db
            .selectFrom('services')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('service_name', 'like', 'imported-%')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await waitFor('the import to write', async () => ((await imported()) > 0 ? true : undefined));
    const writing = performance.now();
    const waits: number[] = [];
    const timed = async <T>(work: Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work;
      waits.push(performance.now() - started);
      return result;
    };

    // One change per service while the import runs: asked, accepted by both validators.
    const ids: number[] = [];
    for (const serviceName of services) {
      const asked = await timed(
        call(serve.url, 'POST', `/api/domain/${serviceName}/changeContact`, {
          bearer: admin,
          body: { contactTech: NEWBIE },
        }),
      );
      expect(asked.status).toBe(200);
      const [id] = asked.body as number[];
      ids.push(id!);
      for (const [account, bearer] of [
        [ADMIN, admin],
        [NEWBIE, newbie],
      ] as const) {
        const token = await tokenFor(app.ctx, id!, account);
        const accepted = await timed(
          call(serve.url, 'POST', `/api/me/task/contactChange/${id}/accept`, {
            bearer,
            body: { token },
          }),
        );
        expect(accepted.status).toBe(204);
      }
    }
    // The changes were made while the import was still writing (else this tests nothing).
    expect(run.running()).toBe(true);
    expect(await imported()).toBeLessThan(ROWS);

    const result = await run.exited;
    // Each write waited for a transaction of the import or two, not for the import to end.
    // Relative to the import's own time, so that a slow machine slows both sides alike.
    expect(Math.max(...waits)).toBeLessThan((performance.now() - writing) / 4);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ rows: ROWS, imported: ROWS, badCount: 0 });

    // Every change applied and every e-mail sent (the built-in mailbox), by the live process.
    await waitFor(
      'the changes to be applied and their e-mails sent',
      async () => {
        const open = await db
          .selectFrom('contact_changes')
          .select('id')
          .where('id', 'in', ids)
          .where('state', '!=', 'done')
          .execute();
        const unsent = await db
          .selectFrom('outbox')
          .select('id')
          .where('state', '!=', 'sent')
          .execute();
        return open.length === 0 && unsent.length === 0 ? true : undefined;
      },
      60_000,
    );
    const done = await db
      .selectFrom('outbox')
      .select('recipient')
      .where('template', '=', 'request-done')
      .execute();
    expect(done).toHaveLength(CHANGES * 3); // both validators and the old tech contact
    for (const serviceName of services) {
      const info = await call(serve.url, 'GET', `/api/domain/${serviceName}/serviceInfos`, {
        bearer: admin,
      });
      expect(info.body).toMatchObject({ contactTech: NEWBIE });
    }

    expect(await serve.stop()).toBe(0);
    const errors = serve
      .output()
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  },
  180_000,
);
