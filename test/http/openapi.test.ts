import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Running } from './http-support.js';

/** The operator routes of issue 26, whose documents also carry examples. */
function OPERATOR_ROUTES(): [string, string, boolean, string][] {
  const service = '/api/admin/services/{serviceType}/{serviceName}';
  return [
    ['get', '/api/admin/accounts/{nichandle}', false, '200'],
    ['patch', '/api/admin/accounts/{nichandle}', true, '200'],
    ['get', '/api/admin/accounts/{nichandle}/services', false, '200'],
    ['get', service, false, '200'],
    ['patch', service, true, '200'],
    ['delete', service, false, '204'],
    ['get', `${service}/contactHistory`, false, '200'],
    ['post', `${service}/changeContact`, true, '200'],
    ['get', '/api/admin/contactChanges', false, '200'],
    // Its body is optional ({reason?} or none).
    ['post', '/api/admin/contactChanges/{id}/cancel', false, '204'],
    ['get', '/api/admin/events', false, '200'],
  ];
}

/** Every route of SPEC §5, as OpenAPI spells paths, with what it takes and answers. */
const ROUTES: [method: string, path: string, body: boolean, answer: string][] = [
  ['post', '/api/auth/login', true, '200'],
  ['post', '/api/auth/logout', false, '204'],
  ['get', '/api/me', false, '200'],
  ['get', '/api/me/contacts/services', false, '200'],
  ['get', '/api/{serviceType}/{serviceName}/serviceInfos', false, '200'],
  ['post', '/api/{serviceType}/{serviceName}/changeContact', true, '200'],
  ['get', '/api/{serviceType}/{serviceName}/contactHistory', false, '200'],
  ['get', '/api/me/task/contactChange', false, '200'],
  ['get', '/api/me/task/contactChange/{id}', false, '200'],
  ['post', '/api/me/task/contactChange/{id}/accept', true, '204'],
  ['post', '/api/me/task/contactChange/{id}/refuse', true, '204'],
  ['post', '/api/me/task/contactChange/{id}/resendEmail', false, '204'],
  ['post', '/api/me/task/contactChange/{id}/cancel', false, '204'],
  ['post', '/api/me/contacts/changeContact', true, '200'],
  ['get', '/api/me/task/contactChange/batch/{batchId}', false, '200'],
  ['post', '/api/me/task/contactChange/batch/{batchId}/accept', true, '200'],
  ['post', '/api/me/task/contactChange/batch/{batchId}/refuse', true, '200'],
  ['post', '/api/admin/accounts', true, '201'],
  ['post', '/api/admin/accounts/{nichandle}/tokens', true, '201'],
  ['post', '/api/admin/services', true, '201'],
  ['post', '/api/admin/invoices', true, '201'],
  ['post', '/api/admin/invoices/{id}/pay', false, '204'],
  // The operator's reads, changes and feed (issue 26).
  ...OPERATOR_ROUTES(),
  // SPEC §10: OVH's paths and the OAuth2 applications (issue 28).
  ...[
    'domain/zone/{zoneName}',
    'hosting/web/{serviceName}',
    'dedicated/server/{serviceName}',
    'email/domain/{domain}',
  ].flatMap((prefix): [string, string, boolean, string][] => [
    ['get', `/api/${prefix}/serviceInfos`, false, '200'],
    ['post', `/api/${prefix}/changeContact`, true, '200'],
    ['get', `/api/${prefix}/contactHistory`, false, '200'],
  ]),
  ['post', '/api/me/api/oauth2/client', true, '200'],
  ['get', '/api/me/api/oauth2/client', false, '200'],
  ['get', '/api/me/api/oauth2/client/{clientId}', false, '200'],
  ['delete', '/api/me/api/oauth2/client/{clientId}', false, '204'],
  // A form body (RFC 6749), checked in test/http/oauth2-token.test.ts.
  ['post', '/api/oauth2/token', false, '200'],
  ['put', '/api/me', true, '200'],
  ['post', '/api/me/changeEmail', true, '200'],
  ['get', '/api/me/task/emailChange', false, '200'],
  ['get', '/api/me/task/emailChange/{id}', false, '200'],
  ['post', '/api/me/task/emailChange/{id}/accept', true, '204'],
  ['post', '/api/me/task/emailChange/{id}/refuse', true, '204'],
  ['post', '/api/me/task/emailChange/{id}/abandon', false, '204'],
  ['post', '/api/me/changePassword', true, '204'],
  ['post', '/api/auth/passwordReset', true, '202'],
  ['post', '/api/auth/passwordReset/confirm', true, '204'],
];

interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: { properties?: object } }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
  parameters?: { name: string; in: string }[];
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let app: TestApp;
let http: Running;
let doc: Document;
beforeAll(async () => {
  app = await makeTestApp({ ADMIN_TOKEN: 'operator-token-0123456789' });
  http = await startServer(app);
  const answer = await http.client().get('/api/docs/json');
  expect(answer.status).toBe(200);
  doc = answer.body as Document;
});
afterAll(async () => {
  await http.close();
  await app.close();
});

test('the document lists every route of SPEC §5 and nothing of the web UI', () => {
  expect(doc.openapi).toMatch(/^3\./);
  const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method} ${path}`),
  );
  expect(listed.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
});

test('operations have unique ids, and the document names the public URL', () => {
  const ids = Object.values(doc.paths).flatMap((ops) =>
    Object.values(ops).map((o) => o.operationId),
  );
  expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect((doc as unknown as { servers: { url: string }[] }).servers).toEqual([
    { url: app.config.publicUrl },
  ]);
});

test.each(ROUTES)('%s %s declares its schemas', (method, path, body, answer) => {
  const op = doc.paths[path]?.[method];
  expect(op).toBeDefined();
  if (body) {
    const schema = op!.requestBody?.content['application/json']?.schema;
    expect(schema?.properties).toBeDefined();
  }
  expect(op!.responses[answer]).toBeDefined();
  // 204, and passwordReset's 202, answer no content.
  if (answer !== '204' && answer !== '202')
    expect(op!.responses[answer]!.content?.['application/json']).toBeDefined();
  for (const name of path.match(/\{(\w+)\}/g) ?? []) {
    expect(op!.parameters?.map((p) => p.name)).toContain(name.slice(1, -1));
  }
  // Every route but logout documents its error answers with SPEC's shape.
  const errors = Object.entries(op!.responses).filter(([status]) => status >= '400');
  if (path !== '/api/auth/logout') expect(errors.length).toBeGreaterThan(0);
  for (const [, response] of errors) {
    expect(JSON.stringify(response.content)).toContain('errorCode');
  }
});

test('the operator routes of issue 26 give examples of what they take and answer', () => {
  for (const [method, path, body, answer] of OPERATOR_ROUTES()) {
    const op = doc.paths[path]![method]!;
    if (body) {
      expect(JSON.stringify(op.requestBody), `${method} ${path}`).toContain('"example');
    }
    if (answer === '200' && !path.endsWith('contactHistory') && !path.endsWith('/services')) {
      expect(JSON.stringify(op.responses[answer]), `${method} ${path}`).toContain('"example');
    }
  }
});

test('the browsable page answers at /api/docs', async () => {
  const page = await http.client().get('/api/docs');
  expect(page.status).toBe(200);
  expect(page.text).toContain('swagger');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
});
