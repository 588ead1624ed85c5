import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createInvoice } from '../../src/invoices/manage-invoices.js';
import type { DB } from '../../src/platform/database/schema.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Answer, type Client, type Running } from './http-support.js';

/**
 * Hostile and broken input on every route, body field, path parameter and query parameter of
 * SPEC §5: the server never answers 5xx, every error has SPEC's shape, and a refused request
 * leaves the database as it was.
 */

const ADMIN_TOKEN = 'operator-token-0123456789';

const NASTY: unknown[] = [
  "'; DROP TABLE accounts; --",
  '" OR "1"="1',
  "1' OR '1'='1' /*",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'a\u0000b',
  '\u0000',
  '\u001b[31mred',
  'é'.repeat(3000),
  '😀'.repeat(2000),
  '\ud800',
  '\u202eevil',
  '',
  '   ',
  '../../../etc/passwd',
  '%00',
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

/** Path segments, already encoded as a client would put them in the URL. */
const NASTY_SEGMENTS = [
  ...NASTY.filter((v): v is string => typeof v === 'string' && v !== '\ud800' && v !== '').map(
    encodeURIComponent,
  ),
  '%',
  '%zz',
  '%ED%A0%80',
  '%C0%AF',
  '..%2F..%2Fetc',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '1e3',
  'x'.repeat(2000),
];

const RAW_BODIES: [string, string][] = [
  ['application/json', '{'],
  ['application/json', '{"a":1,}'],
  ['application/json', '[]'],
  ['application/json', 'null'],
  ['application/json', '"text"'],
  ['application/json', '123'],
  ['application/json', '   '],
  ['application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
  ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['application/json', `{"token":"${'a'.repeat(70_000)}"}`],
  ['application/json; charset=latin1', '{"a":"\u00e9"}'],
  ['text/plain', 'hello'],
  ['application/xml', '<a/>'],
  ['application/x-www-form-urlencoded', 'token=%00&nichandle=%27--'],
];

type Table = keyof DB;
const TABLES: Table[] = [
  'accounts',
  'api_tokens',
  'services',
  'service_contacts',
  'invoices',
  'contact_changes',
  'pending_roles',
  'validations',
  'audit_events',
  'outbox',
  'mailbox',
];

let app: TestApp;
let http: Running;
let admin: Client;
let operator: Client;
let anonymous: Client;
let taskId: number;
let invoiceId: number;
let baseline: string;

/**
 * The database as a user would judge it. Left out: rate-limit counters and sessions, the wrong-
 * code counter and its audit line (R10 requires counting a wrong code), an API token's last use.
 */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = (await app.ctx.database.db.selectFrom(table).selectAll().execute()) as Record<
      string,
      unknown
    >[];
    const kept = rows
      .filter((r) => !(table === 'audit_events' && r.event === 'token.rejected'))
      .map((r) => {
        const copy = { ...r };
        delete copy.failed_attempts;
        delete copy.last_used_at;
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
    expect(answer.body, label).toEqual({
      class: expect.stringMatching(/^Client::[A-Za-z]+$/) as unknown,
      errorCode: expect.stringMatching(/^[A-Z_]+$/) as unknown,
      message: expect.any(String) as unknown,
    });
    expect(answer.headers.get('content-type'), label).toMatch(/^application\/json/);
    expect(answer.text, label).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT|sqlite|postgres/i);
    const now = await snapshot();
    expect(now === baseline, `${label} changed the database`).toBe(true);
  } else {
    // Accepted (a name may well contain quotes): the next refusals are judged from here.
    baseline = await snapshot();
  }
}

beforeAll(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx, { passwords: true });
  http = await startServer(app, {
    rateLimits: {
      loginPerAccount: { max: 100_000, windowSeconds: 60 },
      loginPerAddress: { max: 100_000, windowSeconds: 60 },
      changesPerAccount: { max: 100_000, windowSeconds: 60 },
      decisionsPerAccount: { max: 100_000, windowSeconds: 60 },
    },
  });
  admin = await http.as(ADMIN);
  operator = http.client({ bearer: ADMIN_TOKEN });
  anonymous = http.client();
  const made = await admin.post(
    `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`,
    { contactTech: NEWBIE },
  );
  taskId = (made.body as number[])[0]!;
  invoiceId = (await createInvoice(app.ctx, { account: NEWBIE, amount: '1.00' })).id;
  baseline = await snapshot();
}, 120_000);
afterAll(async () => {
  await http?.close();
  await app?.close();
});

const service = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;

/** Routes with a JSON body: who calls, where, a valid body, the fields to spoil. */
const BODY_ROUTES: [label: string, who: () => Client, path: () => string, valid: object][] = [
  ['login', () => anonymous, () => '/api/auth/login', { nichandle: ADMIN, password: 'x' }],
  ['changeContact', () => admin, () => `${service}/changeContact`, {}],
  ['accept', () => admin, () => `/api/me/task/contactChange/${taskId}/accept`, { token: 'x' }],
  ['refuse', () => admin, () => `/api/me/task/contactChange/${taskId}/refuse`, { token: 'x' }],
  [
    'admin accounts',
    () => operator,
    () => '/api/admin/accounts',
    { email: 'new@example.test', name: 'New Person', language: 'fr' },
  ],
  ['admin tokens', () => operator, () => `/api/admin/accounts/${NEWBIE}/tokens`, {}],
  [
    'admin services',
    () => operator,
    () => '/api/admin/services',
    { serviceType: 'zone', serviceName: 'new.example', contactAdmin: ADMIN },
  ],
  ['admin invoices', () => operator, () => '/api/admin/invoices', { account: NEWBIE, amount: '2' }],
];

const FIELDS: Record<string, string[]> = {
  login: ['nichandle', 'password'],
  changeContact: ['contactAdmin', 'contactTech', 'contactBilling'],
  accept: ['token'],
  refuse: ['token'],
  'admin accounts': ['email', 'name', 'language', 'password', 'nichandle'],
  'admin tokens': ['name'],
  'admin services': [
    'serviceType',
    'serviceName',
    'contactAdmin',
    'contactTech',
    'contactBilling',
    'status',
  ],
  'admin invoices': ['account', 'amount', 'currency', 'status'],
};

describe.each(BODY_ROUTES)('%s', (label, who, path, valid) => {
  test.each(FIELDS[label]!)('hostile values in %s', async (field) => {
    for (const value of NASTY) {
      const body = { ...valid, [field]: value };
      await expectSafe(
        `${label} ${field}=${JSON.stringify(value)?.slice(0, 40)}`,
        await who().post(path(), body),
      );
    }
    // The field missing altogether.
    const without: Record<string, unknown> = { ...valid };
    delete without[field];
    await expectSafe(`${label} without ${field}`, await who().post(path(), without));
  });

  test('broken bodies', async () => {
    for (const [type, raw] of RAW_BODIES) {
      const answer = await who().request('POST', path(), raw, { 'content-type': type });
      await expectSafe(`${label} ${type} ${raw.slice(0, 30)}`, answer);
    }
    // No body at all.
    await expectSafe(`${label} no body`, await who().request('POST', path()));
  });
});

test('body-less POST routes take broken bodies without harm', async () => {
  const routes = [
    `/api/me/task/contactChange/${taskId}/resendEmail`,
    `/api/me/task/contactChange/${taskId}/cancel`,
    `/api/admin/invoices/${invoiceId}/pay`,
    '/api/auth/logout',
  ];
  for (const route of routes) {
    for (const [type, raw] of RAW_BODIES) {
      const client = route.startsWith('/api/admin') ? operator : http.client();
      await expectSafe(
        `${route} ${raw.slice(0, 30)}`,
        await client.request('POST', route, raw, {
          'content-type': type,
        }),
      );
    }
  }
});

test('hostile path parameters', async () => {
  for (const segment of NASTY_SEGMENTS) {
    const label = `segment ${segment.slice(0, 40)}`;
    for (const [who, method, path] of [
      [admin, 'GET', `/api/${segment}/${SERVICE.serviceName}/serviceInfos`],
      [admin, 'GET', `/api/${SERVICE.serviceType}/${segment}/serviceInfos`],
      [admin, 'GET', `/api/${SERVICE.serviceType}/${segment}/contactHistory`],
      [admin, 'GET', `/api/${segment}/${SERVICE.serviceName}/contactHistory`],
      [admin, 'POST', `/api/${SERVICE.serviceType}/${segment}/changeContact`],
      [admin, 'POST', `/api/${segment}/${SERVICE.serviceName}/changeContact`],
      [admin, 'GET', `/api/me/task/contactChange/${segment}`],
      [admin, 'POST', `/api/me/task/contactChange/${segment}/accept`],
      [admin, 'POST', `/api/me/task/contactChange/${segment}/refuse`],
      [admin, 'POST', `/api/me/task/contactChange/${segment}/resendEmail`],
      [admin, 'POST', `/api/me/task/contactChange/${segment}/cancel`],
      [operator, 'POST', `/api/admin/accounts/${segment}/tokens`],
      [operator, 'POST', `/api/admin/invoices/${segment}/pay`],
    ] as const) {
      const body = method === 'POST' ? { contactTech: NEWBIE, token: 'x' } : undefined;
      await expectSafe(
        `${method} ${label} in ${path.slice(0, 60)}`,
        await who.request(method, path, body),
      );
    }
  }
});

test('hostile query parameters', async () => {
  const lists: [string, string[]][] = [
    ['/api/me/contacts/services', ['serviceType', 'role', 'search', 'limit', 'cursor']],
    ['/api/me/task/contactChange', ['state', 'askingAccount', 'toAccount', 'limit', 'before']],
  ];
  for (const [path, params] of lists) {
    for (const param of params) {
      for (const segment of NASTY_SEGMENTS) {
        const answer = await admin.get(`${path}?${param}=${segment}`);
        await expectSafe(`${path} ${param}=${segment.slice(0, 40)}`, answer);
      }
      // Well-formed cursors that carry hostile values.
      for (const inner of [
        ['a\u0000', 'domain'],
        ["' OR 1=1 --", 'x'],
        ['é'.repeat(600), ''],
      ]) {
        const cursor = Buffer.from(JSON.stringify(inner)).toString('base64url');
        await expectSafe(
          `${path} ${param}=cursor(${inner[0]!.slice(0, 10)})`,
          await admin.get(`${path}?${param}=${cursor}`),
        );
      }
      // Repeated parameters arrive as arrays.
      await expectSafe(`${path} ${param} twice`, await admin.get(`${path}?${param}=a&${param}=b`));
    }
  }
});

test('hostile credentials', async () => {
  for (const value of [
    'Bearer',
    'Bearer ',
    'Basic YTpi',
    `Bearer ${'x'.repeat(5000)}`,
    'Bearer cht_\u00e9',
  ]) {
    const answer = await http.client().request('GET', '/api/me', undefined, {
      authorization: value,
    });
    await expectSafe(`authorization ${value.slice(0, 20)}`, answer);
    expect(answer.status).toBe(401);
  }
  for (const cookie of [
    'contacthub_session=',
    `contacthub_session=${'x'.repeat(4000)}`,
    'contacthub_session=%00',
    'contacthub_session="a;b"',
  ]) {
    await expectSafe(`cookie ${cookie.slice(0, 30)}`, await http.client({ cookie }).get('/api/me'));
  }
});
