import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { getServiceInfos } from '../../src/services/get-service.js';
import { ADMIN, NEWBIE, SERVICE, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { acceptAs, ask, eventsOf, recipientsOf } from './helpers.js';

let app: TestApp;
const others: App[] = [];
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(async () => {
  for (const other of others.splice(0)) await other.close();
  await app.close();
});

/** Another App on the same database, as another process would open it. */
async function secondApp(): Promise<App> {
  const other = await openApp(app.config, { clock: app.clock, migrate: false });
  others.push(other);
  return other;
}

/** What "applied exactly once" looks like from outside. */
async function expectAppliedOnce(id: number) {
  expect((await getChange(app.ctx, ADMIN, id)).state).toBe('done');
  expect((await eventsOf(app.ctx, id)).filter((e) => e === 'request.applied')).toHaveLength(1);
  expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual([ADMIN, NEWBIE, TECH].sort());
  const service = await getServiceInfos(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName);
  expect(service.contactTech).toBe(NEWBIE);
}

describe('two accepts racing', () => {
  test('both validators accept at the same moment: the request moves on, applied once', async () => {
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const codes = [await tokenFor(app.ctx, id, ADMIN), await tokenFor(app.ctx, id, NEWBIE)];
    await Promise.all([
      acceptChange(app.ctx, ADMIN, id, codes[0]),
      acceptChange(app.ctx, NEWBIE, id, codes[1]),
    ]);
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('doing');
    await Promise.all([app.worker.drain(), app.worker.drain()]);
    await expectAppliedOnce(id);
  });

  test('the two accepts come through two App instances at once: none is lost', async () => {
    const other = await secondApp();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const codes = [await tokenFor(app.ctx, id, ADMIN), await tokenFor(app.ctx, id, NEWBIE)];
    await Promise.all([
      acceptChange(app.ctx, ADMIN, id, codes[0]),
      acceptChange(other.ctx, NEWBIE, id, codes[1]),
    ]);
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('doing');
    await Promise.all([app.worker.drain(), other.worker.drain()]);
    await expectAppliedOnce(id);
  });

  test('the same validator accepting twice at once: one succeeds, the other ALREADY_DECIDED', async () => {
    const other = await secondApp();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const code = await tokenFor(app.ctx, id, NEWBIE);
    const results = await Promise.allSettled([
      acceptChange(app.ctx, NEWBIE, id, code),
      acceptChange(other.ctx, NEWBIE, id, code),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected?.reason as { code?: string }).code).toBe('ALREADY_DECIDED');
    expect((await eventsOf(app.ctx, id)).filter((e) => e === 'request.accepted')).toHaveLength(1);
  });
});

describe('two workers racing', () => {
  test('two App instances drain at the same time: each request applied exactly once', async () => {
    const other = await secondApp();
    const ids: number[] = [];
    ids.push(...(await ask(app.ctx, ADMIN, { contactTech: NEWBIE, contactBilling: NEWBIE })));
    ids.push(...(await ask(app.ctx, ADMIN, { contactAdmin: NEWBIE })));
    for (const id of ids) {
      await acceptAs(app.ctx, id, ADMIN);
      await acceptAs(app.ctx, id, NEWBIE);
    }
    const done = await Promise.all([app.worker.drain(), other.worker.drain(), app.worker.drain()]);
    expect(done.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const id of ids) {
      const view = await getChange(app.ctx, ADMIN, id);
      expect(view.state).toBe('done');
      expect((await eventsOf(app.ctx, id)).filter((e) => e === 'request.applied')).toHaveLength(1);
      // One set of "done" e-mails: each validator and the old contact, once.
      expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual(
        [...new Set([ADMIN, NEWBIE, view.fromAccount])].sort(),
      );
    }
    expect(await app.worker.drain()).toBe(0);
    expect(await other.worker.drain()).toBe(0);
  });
});

describe('crash', () => {
  const script = fileURLToPath(new URL('./fixtures/accept-then-die.ts', import.meta.url));

  /** Runs the fixture; resolves with its output and the signal that ended it. */
  function acceptThenDie(env: Record<string, string>) {
    return new Promise<{ stdout: string; stderr: string; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (_code, signal) => resolve({ stdout, stderr, signal }));
      },
    );
  }

  test('a process killed between the last accept and the apply: applied after restart, once', async () => {
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    await acceptAs(app.ctx, id, ADMIN);
    const token = await tokenFor(app.ctx, id, NEWBIE);
    // The test's own App stays idle from here: only the dying process touches the database.

    const run = await acceptThenDie({
      DATABASE_URL: app.config.databaseUrl,
      SECRET_KEY: app.config.secretKey,
      TASK_ID: String(id),
      ACCOUNT: NEWBIE,
      TOKEN: token,
      CLOCK_MS: String(app.clock.now()),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ACCEPTED\n');
    expect(run.signal).toBe('SIGKILL');

    // "Restart": a new App on the same database, whose worker finds the accepted request.
    const reopened = await openApp(app.config, { clock: app.clock, migrate: false });
    others.push(reopened);
    const ctx = reopened.ctx;
    expect((await getChange(ctx, ADMIN, id)).state).toBe('doing');
    expect(await reopened.worker.drain()).toBeGreaterThan(0);
    expect((await getChange(ctx, ADMIN, id)).state).toBe('done');
    expect((await eventsOf(ctx, id)).filter((e) => e === 'request.applied')).toHaveLength(1);
    expect(await recipientsOf(ctx, id, 'request-done')).toEqual([ADMIN, NEWBIE, TECH].sort());
    expect(await reopened.worker.drain()).toBe(0);
    expect((await eventsOf(ctx, id)).filter((e) => e === 'request.applied')).toHaveLength(1);
  });
});
