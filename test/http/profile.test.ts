import { afterEach, beforeEach, expect, test } from 'vitest';
import type { AppContext } from '../../src/platform/context.js';
import { ADMIN, BILLING, NEWBIE, seedGuide, TECH } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { PASSWORD, startServer, type Client, type Running } from './http-support.js';

// Issue 25 over real HTTP, on SQLite and on PostgreSQL: the e-mail change (R19), passwords (R20),
// R18 for their codes, and bad input.

let app: TestApp;
let http: Running;
let lines: string[];
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx, { passwords: true });
  lines = [];
  http = await startServer(app, { logStream: { write: (line) => void lines.push(line) } });
});
afterEach(async () => {
  await http.close();
  await app.close();
});

/** The secret of an account's newest e-mail of a template, opened as the dispatcher would. */
async function secretOf(ctx: AppContext, account: string, template: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('outbox')
    .select(['sealed_secret', 'recipient'])
    .where('account', '=', account)
    .where('template', '=', template)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return ctx.box.open(row.sealed_secret!);
}

async function outboxTo(address: string) {
  return app.ctx.database.db
    .selectFrom('outbox')
    .select(['template', 'account'])
    .where('recipient', '=', address)
    .where('channel', '=', 'email')
    .orderBy('id')
    .execute();
}

async function askEmailChange(client: Client, newEmail: string) {
  const answer = await client.post('/api/me/changeEmail', { newEmail });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { id: number; newEmail: string; state: string; dateDone: null };
}

const old = (nichandle: string) => `${nichandle}@example.test`;

test('the code goes to the new address, works only for the account that asked, and once; the old address is told', async () => {
  const admin = await http.as(ADMIN);
  const newbie = await http.as(NEWBIE);
  const task = await askEmailChange(admin, 'alice@new.example');
  expect(task).toMatchObject({ newEmail: 'alice@new.example', state: 'todo', dateDone: null });
  expect(await outboxTo('alice@new.example')).toEqual([
    { template: 'email-change-code', account: ADMIN },
  ]);
  // Until it is accepted every e-mail still goes to the old address.
  expect(((await admin.get('/api/me')).body as { email: string }).email).toBe(old(ADMIN));
  expect((await admin.get('/api/me/task/emailChange')).body).toEqual([task.id]);
  expect((await admin.get(`/api/me/task/emailChange/${task.id}`)).body).toMatchObject({
    id: task.id,
    state: 'todo',
  });
  const code = await secretOf(app.ctx, ADMIN, 'email-change-code');

  // Another account: the task does not exist for it, and the code is worth nothing on its own.
  expect((await newbie.get(`/api/me/task/emailChange/${task.id}`)).status).toBe(404);
  const stolen = await newbie.post(`/api/me/task/emailChange/${task.id}/accept`, { token: code });
  expect(stolen.status).toBe(404);
  const own = await askEmailChange(newbie, 'nora@new.example');
  const misused = await newbie.post(`/api/me/task/emailChange/${own.id}/accept`, { token: code });
  expect(misused.status).toBe(403);
  expect(misused.body).toMatchObject({ errorCode: 'INVALID_TOKEN' });

  const accepted = await admin.post(`/api/me/task/emailChange/${task.id}/accept`, { token: code });
  expect(accepted.status, accepted.text).toBe(204);
  expect(((await admin.get('/api/me')).body as { email: string }).email).toBe('alice@new.example');
  const done = (await admin.get(`/api/me/task/emailChange/${task.id}`)).body as {
    state: string;
    dateDone: string | null;
  };
  expect(done.state).toBe('done');
  expect(done.dateDone).not.toBeNull();
  // The old address got the notice and no code; the code is used.
  expect(await outboxTo(old(ADMIN))).toEqual([{ template: 'email-changed', account: ADMIN }]);
  const again = await admin.post(`/api/me/task/emailChange/${task.id}/accept`, { token: code });
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({ errorCode: 'TASK_NOT_PENDING' });
  expect((await admin.get('/api/me/task/emailChange?state=done')).body).toEqual([task.id]);
  expect((await admin.get('/api/me/task/emailChange?state=todo')).body).toEqual([]);
});

test('a replaced, refused, abandoned or expired request is refused, and its code with it', async () => {
  const admin = await http.as(ADMIN);
  const first = await askEmailChange(admin, 'first@new.example');
  const firstCode = await secretOf(app.ctx, ADMIN, 'email-change-code');
  const second = await askEmailChange(admin, 'second@new.example');
  const secondCode = await secretOf(app.ctx, ADMIN, 'email-change-code');
  expect((await admin.get(`/api/me/task/emailChange/${first.id}`)).body).toMatchObject({
    state: 'aborted',
  });
  const replaced = await admin.post(`/api/me/task/emailChange/${first.id}/accept`, {
    token: firstCode,
  });
  expect(replaced.status).toBe(409);
  const oldCode = await admin.post(`/api/me/task/emailChange/${second.id}/accept`, {
    token: firstCode,
  });
  expect(oldCode.body).toMatchObject({ errorCode: 'INVALID_TOKEN' });

  // Refused with its code: the address stays.
  const refused = await admin.post(`/api/me/task/emailChange/${second.id}/refuse`, {
    token: secondCode,
  });
  expect(refused.status).toBe(204);
  expect(((await admin.get('/api/me')).body as { email: string }).email).toBe(old(ADMIN));

  // Abandoned without its code.
  const third = await askEmailChange(admin, 'third@new.example');
  expect((await admin.post(`/api/me/task/emailChange/${third.id}/abandon`)).status).toBe(204);
  expect((await admin.get(`/api/me/task/emailChange/${third.id}`)).body).toMatchObject({
    state: 'aborted',
  });

  // Expired: REQUEST_TTL_SECONDS later the code no longer works, and the worker records it.
  const fourth = await askEmailChange(admin, 'fourth@new.example');
  const fourthCode = await secretOf(app.ctx, ADMIN, 'email-change-code');
  app.clock.advance(app.config.requestTtlSeconds * 1000 + 1000);
  expect((await admin.get(`/api/me/task/emailChange/${fourth.id}`)).body).toMatchObject({
    state: 'expired',
  });
  expect((await admin.get('/api/me/task/emailChange?state=expired')).body).toEqual([fourth.id]);
  const late = await admin.post(`/api/me/task/emailChange/${fourth.id}/accept`, {
    token: fourthCode,
  });
  expect(late.status).toBe(409);
  await app.worker.drain();
  const row = await app.ctx.database.db
    .selectFrom('email_changes')
    .select(['state', 'token_hash'])
    .where('id', '=', fourth.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ state: 'expired', token_hash: null });
  expect(((await admin.get('/api/me')).body as { email: string }).email).toBe(old(ADMIN));

  // Each end is in the audit log once, with who ended the request and why.
  const ends = await app.ctx.database.db
    .selectFrom('audit_events')
    .select(['event', 'actor', 'data'])
    .where('event', 'in', ['emailChange.aborted', 'emailChange.refused', 'emailChange.expired'])
    .orderBy('id')
    .execute();
  expect(ends.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }))).toEqual([
    {
      event: 'emailChange.aborted',
      actor: ADMIN,
      data: { emailChangeId: first.id, reason: 'replaced' },
    },
    { event: 'emailChange.refused', actor: ADMIN, data: { emailChangeId: second.id } },
    {
      event: 'emailChange.aborted',
      actor: ADMIN,
      data: { emailChangeId: third.id, reason: 'abandoned' },
    },
    { event: 'emailChange.expired', actor: null, data: { emailChangeId: fourth.id } },
  ]);
});

test('five wrong codes lock the request until a new one is asked (R10)', async () => {
  const admin = await http.as(ADMIN);
  const task = await askEmailChange(admin, 'alice@new.example');
  const code = await secretOf(app.ctx, ADMIN, 'email-change-code');
  for (let i = 0; i < 5; i++) {
    const wrong = await admin.post(`/api/me/task/emailChange/${task.id}/accept`, {
      token: `wrong-${i}`,
    });
    expect(wrong.status).toBe(403);
  }
  const locked = await admin.post(`/api/me/task/emailChange/${task.id}/accept`, { token: code });
  expect(locked.status).toBe(429);
  expect(locked.body).toMatchObject({ errorCode: 'TOO_MANY_ATTEMPTS' });
  const fresh = await askEmailChange(admin, 'alice@new.example');
  const freshCode = await secretOf(app.ctx, ADMIN, 'email-change-code');
  const ok = await admin.post(`/api/me/task/emailChange/${fresh.id}/accept`, { token: freshCode });
  expect(ok.status).toBe(204);
});

test('R18: the codes and reset links are in neither the database nor the log, before or after sending', async () => {
  const admin = await http.login(ADMIN);
  const task = await askEmailChange(admin, 'alice@new.example');
  const code = await secretOf(app.ctx, ADMIN, 'email-change-code');
  expect((await http.client().post('/api/auth/passwordReset', { nichandle: NEWBIE })).status).toBe(
    202,
  );
  const reset = await secretOf(app.ctx, NEWBIE, 'password-reset');
  for (const secret of [code, reset]) expect(await app.storedText()).not.toContain(secret);

  // The links as a person opens them, and the code used.
  await admin.get(`/account/profile?emailChange=${task.id}&token=${code}`);
  await http.client().get(`/login/reset?token=${reset}`);
  await admin.post(`/api/me/task/emailChange/${task.id}/accept`, { token: `${code}x` });
  await admin.post(`/api/me/task/emailChange/${task.id}/accept`, { token: code });
  await http.client().post('/api/auth/passwordReset/confirm', {
    token: reset,
    newPassword: 'a brand new secret',
  });
  await app.worker.drain();
  const stored = await app.storedText();
  const logged = lines.join('\n');
  for (const secret of [code, reset, 'a brand new secret']) {
    expect(stored).not.toContain(secret);
    expect(logged).not.toContain(secret);
  }
  const sealed = await app.ctx.database.db
    .selectFrom('outbox')
    .select('sealed_secret')
    .where('template', 'in', ['email-change-code', 'password-reset'])
    .execute();
  expect(sealed).toEqual([{ sealed_secret: null }, { sealed_secret: null }]);
});

test('passwordReset answers alike, after the same time, for an existing and an unknown nichandle', async () => {
  const anyone = http.client();
  const timed = async (nichandle: string) => {
    const started = performance.now();
    const answer = await anyone.post('/api/auth/passwordReset', { nichandle });
    return { answer, ms: performance.now() - started };
  };
  // Three of each, alternating; the fastest of each kind is compared, so that a moment of load
  // on a shared machine does not pass for a difference the server makes.
  const known: Awaited<ReturnType<typeof timed>>[] = [];
  const unknown: Awaited<ReturnType<typeof timed>>[] = [];
  for (const [mine, nobody] of [
    [ADMIN, 'zz99999-ch'],
    [TECH, 'zz99998-ch'],
    [BILLING, 'zz99997-ch'],
  ] as const) {
    known.push(await timed(mine));
    unknown.push(await timed(nobody));
  }
  for (const tried of [...known, ...unknown]) {
    expect(tried.answer.status).toBe(202);
    expect(tried.answer.text).toBe(known[0]!.answer.text);
    expect(tried.ms).toBeGreaterThanOrEqual(290);
  }
  const fastest = (tries: typeof known) => Math.min(...tries.map((tried) => tried.ms));
  expect(Math.abs(fastest(known) - fastest(unknown))).toBeLessThan(150);
  expect(await outboxTo(old(ADMIN))).toEqual([{ template: 'password-reset', account: ADMIN }]);

  // Rate-limited per nichandle, known or not alike.
  for (const nichandle of [ADMIN, 'zz99999-ch']) {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await anyone.post('/api/auth/passwordReset', { nichandle })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
  }
});

test('a reset link works once and within the hour, and ends every session of the account', async () => {
  const anyone = http.client();
  const phone = await http.login(ADMIN);
  const laptop = await http.login(ADMIN);
  await anyone.post('/api/auth/passwordReset', { nichandle: ADMIN });
  const token = await secretOf(app.ctx, ADMIN, 'password-reset');

  const weak = await anyone.post('/api/auth/passwordReset/confirm', {
    token,
    newPassword: `my-${ADMIN}`,
  });
  expect(weak.status).toBe(400);
  expect(weak.body).toMatchObject({ errorCode: 'WEAK_PASSWORD' });
  const done = await anyone.post('/api/auth/passwordReset/confirm', {
    token,
    newPassword: 'a brand new secret',
  });
  expect(done.status, done.text).toBe(204);
  expect((await phone.get('/api/me')).status).toBe(401);
  expect((await laptop.get('/api/me')).status).toBe(401);
  expect(
    (await anyone.post('/api/auth/login', { nichandle: ADMIN, password: PASSWORD })).status,
  ).toBe(401);
  await http.login(ADMIN, 'a brand new secret');
  const twice = await anyone.post('/api/auth/passwordReset/confirm', {
    token,
    newPassword: 'another new secret',
  });
  expect(twice.status).toBe(403);
  expect(twice.body).toMatchObject({ errorCode: 'INVALID_TOKEN' });

  // A new link, an hour and a second later: refused.
  await anyone.post('/api/auth/passwordReset', { nichandle: ADMIN });
  const late = await secretOf(app.ctx, ADMIN, 'password-reset');
  app.clock.advance(3600 * 1000 + 1000);
  const expired = await anyone.post('/api/auth/passwordReset/confirm', {
    token: late,
    newPassword: 'another new secret',
  });
  expect(expired.status).toBe(403);
  await http.login(ADMIN, 'a brand new secret');
});

test('changePassword needs the current password and ends every other session', async () => {
  const phone = await http.login(ADMIN);
  const laptop = await http.login(ADMIN);
  const wrong = await laptop.post('/api/me/changePassword', {
    currentPassword: 'not it at all',
    newPassword: 'a brand new secret',
  });
  expect(wrong.status).toBe(403);
  expect(wrong.body).toMatchObject({ errorCode: 'WRONG_PASSWORD' });
  for (const newPassword of ['short', old(ADMIN), `x${ADMIN.toUpperCase()}x`]) {
    const weak = await laptop.post('/api/me/changePassword', {
      currentPassword: PASSWORD,
      newPassword,
    });
    expect(weak.body).toMatchObject({ errorCode: 'WEAK_PASSWORD' });
  }
  expect((await phone.get('/api/me')).status).toBe(200);
  const changed = await laptop.post('/api/me/changePassword', {
    currentPassword: PASSWORD,
    newPassword: 'a brand new secret',
  });
  expect(changed.status, changed.text).toBe(204);
  expect((await laptop.get('/api/me')).status).toBe(200);
  expect((await phone.get('/api/me')).status).toBe(401);
  await http.login(ADMIN, 'a brand new secret');
});

test('PUT /api/me saves the name and language at once', async () => {
  const admin = await http.as(ADMIN);
  const answer = await admin.request('PUT', '/api/me', { name: 'Alice A.', language: 'en' });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toEqual({
    nichandle: ADMIN,
    email: old(ADMIN),
    name: 'Alice A.',
    language: 'en',
  });
  expect((await admin.get('/api/me')).body).toMatchObject({ name: 'Alice A.', language: 'en' });
});

test('bad input is a 400 INVALID_INPUT in the spec’s shape everywhere, and changes nothing', async () => {
  const admin = await http.as(ADMIN);
  const task = await askEmailChange(admin, 'alice@new.example');
  const anyone = http.client();
  const cases: [Client, string, string, unknown][] = [
    [admin, 'PUT', '/api/me', { name: '' }],
    [admin, 'PUT', '/api/me', { name: 'a\u0000b' }],
    [admin, 'PUT', '/api/me', { language: 'de' }],
    [admin, 'PUT', '/api/me', { name: 'x'.repeat(201) }],
    [admin, 'POST', '/api/me/changeEmail', {}],
    [admin, 'POST', '/api/me/changeEmail', { newEmail: 'not an address' }],
    [admin, 'POST', '/api/me/changeEmail', { newEmail: old(ADMIN) }],
    [admin, 'POST', '/api/me/changeEmail', { newEmail: `${'a'.repeat(250)}@b.example` }],
    [admin, 'GET', '/api/me/task/emailChange?state=nope', undefined],
    [admin, 'GET', '/api/me/task/emailChange/abc', undefined],
    [admin, 'GET', '/api/me/task/emailChange/0', undefined],
    [admin, 'POST', `/api/me/task/emailChange/${task.id}/accept`, {}],
    [admin, 'POST', `/api/me/task/emailChange/${task.id}/refuse`, { token: 'x'.repeat(201) }],
    [admin, 'POST', '/api/me/task/emailChange/-1/accept', { token: 'abc' }],
    [admin, 'POST', '/api/me/changePassword', { currentPassword: PASSWORD }],
    [admin, 'POST', '/api/me/changePassword', { currentPassword: 1, newPassword: 'abcdefghij' }],
    [admin, 'POST', '/api/me/changePassword', '{"currentPassword":'],
    [anyone, 'POST', '/api/auth/passwordReset', {}],
    [anyone, 'POST', '/api/auth/passwordReset', { nichandle: 'not a nichandle' }],
    [anyone, 'POST', '/api/auth/passwordReset/confirm', { token: 'abc' }],
    [anyone, 'POST', '/api/auth/passwordReset/confirm', { token: '', newPassword: 'abcdefghij' }],
    [anyone, 'POST', '/api/auth/passwordReset/confirm', { newPassword: 'abcdefghij' }],
  ];
  for (const [client, method, path, body] of cases) {
    const answer = await client.request(method, path, body);
    const what = `${method} ${path} ${JSON.stringify(body)}`;
    expect([answer.status, answer.body], what).toMatchObject([400, { errorCode: 'INVALID_INPUT' }]);
    expect(typeof (answer.body as { message?: unknown }).message, what).toBe('string');
  }
  expect((await admin.get('/api/me')).body).toMatchObject({
    email: old(ADMIN),
    name: 'Alice Admin',
    language: 'fr',
  });
  expect((await admin.get('/api/me/task/emailChange')).body).toEqual([task.id]);
});
