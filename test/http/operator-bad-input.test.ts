import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DB } from '../../src/platform/database/schema.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Answer, type Client, type Running } from './http-support.js';

/**
 * test/http/bad-input.test.ts's approach on the operator routes of issue 26: hostile values in
 * every body field, path segment and query parameter, broken bodies. Never a 5xx, every error in
 * SPEC's shape, and a refused request leaves the database as it was.
 */

const ADMIN_TOKEN = 'operator-token-0123456789';

const NASTY: unknown[] = [
  "'; DROP TABLE accounts; --",
  '" OR "1"="1',
  '<script>alert(1)</script>',
  'a\u0000b',
  '\u001b[31mred',
  'é'.repeat(3000),
  '😀'.repeat(2000),
  '\ud800',
  '\u202eevil',
  '',
  '   ',
  '../../../etc/passwd',
  '${7*7}{{7*7}}',
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  [],
  ['ab12345-ch'],
  {},
  { $gt: '' },
];

const NASTY_SEGMENTS = [
  ...NASTY.filter((v): v is string => typeof v === 'string' && v !== '\ud800' && v !== '').map(
    encodeURIComponent,
  ),
  '%',
  '%zz',
  '%ED%A0%80',
  '..%2F..%2Fetc',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '1_2',
  'x'.repeat(2000),
];

const RAW_BODIES: [string, string][] = [
  ['application/json', '{'],
  ['application/json', '[]'],
  ['application/json', 'null'],
  ['application/json', '"text"'],
  ['application/json', '123'],
  ['application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
  ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'reason=%00&status=ok'],
];

const TABLES: (keyof DB)[] = [
  'accounts',
  'services',
  'service_contacts',
  'deleted_services',
  'invoices',
  'contact_changes',
  'pending_roles',
  'validations',
  'audit_events',
  'outbox',
];

let app: TestApp;
let http: Running;
let operator: Client;
let taskId: number;
let baseline: string;

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = (await app.ctx.database.db.selectFrom(table).selectAll().execute()) as Record<
      string,
      unknown
    >[];
    const kept = rows
      .map((r) => {
        const copy = { ...r };
        if (table === 'audit_events') delete copy.id;
        return JSON.stringify(copy, Object.keys(copy).sort());
      })
      .sort();
    parts.push(`${table}:${kept.join('\n')}`);
  }
  return parts.join('\n\n');
}

async function expectSafe(label: string, answer: Answer): Promise<void> {
  expect(answer.status, `${label} → ${answer.text.slice(0, 200)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.body, label).toMatchObject({
      errorCode: expect.stringMatching(/^[A-Z_]+$/) as unknown,
      message: expect.any(String) as unknown,
    });
    expect(answer.text, label).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT|sqlite|postgres/i);
    expect((await snapshot()) === baseline, `${label} changed the database`).toBe(true);
  } else {
    baseline = await snapshot();
  }
}

beforeAll(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx);
  http = await startServer(app);
  operator = http.client({ bearer: ADMIN_TOKEN });
  const admin = await http.as(ADMIN);
  const made = await admin.post(
    `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`,
    { contactTech: NEWBIE },
  );
  taskId = (made.body as number[])[0]!;
  baseline = await snapshot();
}, 60_000);
afterAll(async () => {
  await http?.close();
  await app?.close();
});

const opService = `/api/admin/services/${SERVICE.serviceType}/${SERVICE.serviceName}`;

/** Routes with a JSON body: method, path, a valid body, the fields to spoil. */
const BODY_ROUTES: [string, string, () => string, object, string[]][] = [
  [
    'PATCH account',
    'PATCH',
    () => `/api/admin/accounts/${NEWBIE}`,
    { name: 'N' },
    ['email', 'name', 'language', 'extra'],
  ],
  [
    'PATCH service',
    'PATCH',
    () => '/api/admin/services/zone/nothing.example',
    { status: 'ok' },
    ['status', 'extra'],
  ],
  [
    'support change',
    'POST',
    () => opService,
    // The billing contact owes nothing, the admin is the newbie already: refused either way.
    { contactBilling: 'zz99999-ch', reason: 'ticket' },
    ['contactAdmin', 'contactTech', 'contactBilling', 'reason', 'extra'],
  ],
  [
    'cancel',
    'POST',
    () => `/api/admin/contactChanges/999999/cancel`,
    { reason: 'x' },
    ['reason', 'extra'],
  ],
];

describe.each(BODY_ROUTES)('%s', (label, method, path, valid, fields) => {
  test.each(fields)('hostile values in %s', async (field) => {
    for (const value of NASTY) {
      await expectSafe(
        `${label} ${field}=${JSON.stringify(value)?.slice(0, 40)}`,
        await operator.request(method, path(), { ...valid, [field]: value }),
      );
    }
  });

  test('broken bodies', async () => {
    for (const [type, raw] of RAW_BODIES) {
      const answer = await operator.request(method, path(), raw, { 'content-type': type });
      await expectSafe(`${label} ${type} ${raw.slice(0, 30)}`, answer);
    }
    await expectSafe(`${label} no body`, await operator.request(method, path()));
  });
});

test('hostile path parameters', async () => {
  for (const segment of NASTY_SEGMENTS) {
    for (const [method, path] of [
      ['GET', `/api/admin/accounts/${segment}`],
      ['PATCH', `/api/admin/accounts/${segment}`],
      ['GET', `/api/admin/accounts/${segment}/services`],
      ['GET', `/api/admin/services/${segment}/${SERVICE.serviceName}`],
      ['GET', `/api/admin/services/${SERVICE.serviceType}/${segment}`],
      ['PATCH', `/api/admin/services/${segment}/${SERVICE.serviceName}`],
      ['DELETE', `/api/admin/services/${SERVICE.serviceType}/${segment}`],
      ['DELETE', `/api/admin/services/${segment}/${SERVICE.serviceName}`],
      ['GET', `/api/admin/services/${SERVICE.serviceType}/${segment}/contactHistory`],
      ['POST', `/api/admin/services/${SERVICE.serviceType}/${segment}/changeContact`],
      ['POST', `/api/admin/contactChanges/${segment}/cancel`],
    ] as const) {
      const body =
        method === 'GET' || method === 'DELETE'
          ? undefined
          : { name: 'x', status: 'ok', contactTech: ADMIN, reason: 'x' };
      await expectSafe(
        `${method} ${path.slice(0, 80)}`,
        await operator.request(method, path, body),
      );
    }
  }
  // The request is still open: nothing above ended it.
  expect((await operator.get(opService)).body).toMatchObject({ openRequests: [taskId] });
});

test('hostile query parameters', async () => {
  const lists: [string, string[]][] = [
    [
      `/api/admin/accounts/${NEWBIE}/services`,
      ['serviceType', 'role', 'search', 'limit', 'cursor'],
    ],
    [
      '/api/admin/contactChanges',
      ['state', 'account', 'serviceType', 'serviceName', 'limit', 'cursor'],
    ],
    ['/api/admin/events', ['after', 'limit']],
  ];
  for (const [path, params] of lists) {
    for (const param of params) {
      for (const segment of NASTY_SEGMENTS) {
        await expectSafe(
          `${path} ${param}=${segment.slice(0, 40)}`,
          await operator.get(`${path}?${param}=${segment}`),
        );
      }
      await expectSafe(
        `${path} ${param} twice`,
        await operator.get(`${path}?${param}=a&${param}=b`),
      );
    }
  }
});
