import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createAccount } from '../../src/accounts/create-account.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { PASSWORD, startServer, type Answer, type Client, type Running } from './http-support.js';

/** SPEC §10 over real HTTP: OVH's paths, serviceInfos' fields, paging and error classes. */

let app: TestApp;
let http: Running;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  http = await startServer(app, {
    rateLimits: { changesPerAccount: { max: 8, windowSeconds: 60 } },
  });
});
afterEach(async () => {
  await http.close();
  await app.close();
});

const OVH_PATHS = [
  ['domain/zone', 'zone'],
  ['hosting/web', 'hosting'],
  ['dedicated/server', 'server'],
  ['email/domain', 'email'],
] as const;

const contacts = { contactAdmin: ADMIN, contactTech: TECH, contactBilling: BILLING };

async function serviceOf(serviceType: string, serviceName: string, admin = ADMIN) {
  await createService(app.ctx, {
    serviceType,
    serviceName,
    ...contacts,
    ...(admin === ADMIN ? {} : { contactAdmin: admin, contactTech: admin, contactBilling: admin }),
  });
}

const COOKIE_USER = 'ck10007-ch';

const errorOf = (answer: Answer) => answer.body as { class: string; errorCode: string };

describe("OVH's multi-segment service paths (SPEC §10)", () => {
  test.each(OVH_PATHS)(
    '/api/%s/{name}/… is the %s service: serviceInfos, changeContact, contactHistory',
    async (path, serviceType) => {
      await serviceOf(serviceType, 'shop.example');
      // The same name under another type is another service, which the alias must not reach.
      await createService(app.ctx, {
        serviceType: serviceType === 'zone' ? 'hosting' : 'zone',
        serviceName: 'shop.example',
        contactAdmin: OUTSIDER,
      });
      const admin = await http.as(ADMIN);
      const base = `/api/${path}/shop.example`;

      const infos = await admin.get(`${base}/serviceInfos`);
      expect(infos.status, infos.text).toBe(200);
      expect(infos.body).toMatchObject({ serviceType, serviceName: 'shop.example', ...contacts });
      const plain = await admin.get(`/api/${serviceType}/shop.example/serviceInfos`);
      expect(infos.body).toEqual(plain.body);

      const ids = await admin.post(`${base}/changeContact`, { ...contacts, contactTech: NEWBIE });
      expect(ids.status, ids.text).toBe(200);
      expect(ids.body).toEqual([expect.any(Number)]);
      const [id] = ids.body as number[];
      const task = await admin.get(`/api/me/task/contactChange/${id}`);
      expect(task.body).toMatchObject({ serviceType, serviceDomain: 'shop.example' });

      const history = await admin.get(`${base}/contactHistory`);
      expect(history.status).toBe(200);
      expect((history.body as { event: string }[]).map((e) => e.event)).toContain(
        'request.created',
      );

      // An account without a role on it learns nothing, as under SPEC §5's path.
      const outsider = await http.as(OUTSIDER);
      const hidden = await outsider.get(`${base}/serviceInfos`);
      expect([hidden.status, errorOf(hidden).errorCode]).toEqual([404, 'NOT_FOUND']);
    },
  );

  test('a name holding a slash travels percent-encoded under an alias too', async () => {
    await serviceOf('hosting', 'cluster/web01');
    const admin = await http.as(ADMIN);
    const answer = await admin.get('/api/hosting/web/cluster%2Fweb01/serviceInfos');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ serviceName: 'cluster/web01', domain: 'cluster/web01' });
  });
});

describe("serviceInfos carries OVH's fields", () => {
  test('domain, serviceId, expiration and renew (null: unknown), dates with an offset', async () => {
    const admin = await http.as(ADMIN);
    const answer = await admin.get(
      `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/serviceInfos`,
    );
    const body = answer.body as Record<string, unknown>;
    const row = await app.ctx.database.db
      .selectFrom('services')
      .select('id')
      .where('service_name', '=', SERVICE.serviceName)
      .executeTakeFirstOrThrow();
    expect(body).toMatchObject({
      domain: SERVICE.serviceName,
      serviceId: Number(row.id),
      expiration: null,
      renew: null,
    });
    expect(body.creation).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    );
  });
});

describe("OVH's paging of GET /api/me/task/contactChange", () => {
  const PAGES = { 'x-pagination-mode': 'CachedObjectList-Pages' };

  /** Five requests of ADMIN on five zones, oldest first. */
  async function fiveRequests(admin: Client): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      await serviceOf('zone', `z${i}.example`);
      const answer = await admin.post(`/api/domain/zone/z${i}.example/changeContact`, {
        ...contacts,
        contactTech: NEWBIE,
      });
      ids.push(...(answer.body as number[]));
    }
    return ids;
  }

  test('pages of full objects, newest first, with the total and the page echoed', async () => {
    const admin = await http.as(ADMIN);
    const ids = await fiveRequests(admin);
    const newestFirst = [...ids].reverse();

    const first = await admin.request('GET', '/api/me/task/contactChange', undefined, {
      ...PAGES,
      'x-pagination-size': '2',
      'x-pagination-number': '1',
    });
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get('x-pagination-elements')).toBe('5');
    expect(first.headers.get('x-pagination-number')).toBe('1');
    expect(first.headers.get('x-pagination-size')).toBe('2');
    const objects = first.body as { id: number; state: string; toAccount: string }[];
    expect(objects.map((o) => o.id)).toEqual(newestFirst.slice(0, 2));
    // Full objects, as GET /api/me/task/contactChange/{id} answers them.
    const one = await admin.get(`/api/me/task/contactChange/${objects[0]!.id}`);
    expect(objects[0]).toEqual(one.body);

    const last = await admin.request('GET', '/api/me/task/contactChange', undefined, {
      ...PAGES,
      'x-pagination-size': '2',
      'x-pagination-number': '3',
    });
    expect((last.body as { id: number }[]).map((o) => o.id)).toEqual(newestFirst.slice(4));
    const past = await admin.request('GET', '/api/me/task/contactChange', undefined, {
      ...PAGES,
      'x-pagination-size': '2',
      'x-pagination-number': '4',
    });
    expect([past.status, past.body, past.headers.get('x-pagination-elements')]).toEqual([
      200,
      [],
      '5',
    ]);

    // OVH's panel sends only the mode: page 1 of up to 5000.
    const all = await admin.request('GET', '/api/me/task/contactChange', undefined, PAGES);
    expect((all.body as { id: number }[]).map((o) => o.id)).toEqual(newestFirst);
    expect(all.headers.get('x-pagination-size')).toBe('5000');
  });

  test('the query filters apply to the pages and to their total', async () => {
    const admin = await http.as(ADMIN);
    const ids = await fiveRequests(admin);
    await admin.post(`/api/me/task/contactChange/${ids[0]}/cancel`);
    const open = await admin.request(
      'GET',
      '/api/me/task/contactChange?state=validatingByCustomers',
      undefined,
      { ...PAGES, 'x-pagination-size': '10' },
    );
    expect(open.headers.get('x-pagination-elements')).toBe('4');
    expect((open.body as { id: number }[]).map((o) => o.id)).toEqual(ids.slice(1).reverse());
  });

  test('without the mode header, the plain id list, whatever else is sent', async () => {
    const admin = await http.as(ADMIN);
    const ids = await fiveRequests(admin);
    const plain = await admin.request('GET', '/api/me/task/contactChange', undefined, {
      'x-pagination-size': '2',
    });
    expect(plain.body).toEqual([...ids].reverse());
    expect(plain.headers.get('x-pagination-elements')).toBeNull();
  });

  test('a bad size, number or mode: 400 in the error shape, with its class', async () => {
    const admin = await http.as(ADMIN);
    for (const headers of [
      { ...PAGES, 'x-pagination-size': '0' },
      { ...PAGES, 'x-pagination-size': '5001' },
      { ...PAGES, 'x-pagination-number': '-1' },
      { ...PAGES, 'x-pagination-number': 'two' },
      { 'x-pagination-mode': 'CachedObjectList-Cursor' },
    ]) {
      const answer = await admin.request('GET', '/api/me/task/contactChange', undefined, headers);
      expect([answer.status, answer.body], JSON.stringify(headers)).toEqual([
        400,
        expect.objectContaining({ class: 'Client::BadRequest', errorCode: 'INVALID_INPUT' }),
      ]);
    }
  });

  test("another account's requests are neither on its pages nor in its total", async () => {
    const admin = await http.as(ADMIN);
    await fiveRequests(admin);
    const outsider = await http.as(OUTSIDER);
    const page = await outsider.request('GET', '/api/me/task/contactChange', undefined, PAGES);
    expect([page.body, page.headers.get('x-pagination-elements')]).toEqual([[], '0']);
  });
});

describe("every error carries OVH's class beside errorCode and message", () => {
  test('400, 401, 403, 404, 409 and 429 each with its class', async () => {
    const admin = await http.as(ADMIN);
    const tech = await http.as(TECH);
    const base = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;
    const seen: [number, string, string][] = [];
    const note = (answer: Answer) => {
      const body = answer.body as { class: string; errorCode: string; message: string };
      expect(typeof body.message).toBe('string');
      seen.push([answer.status, body.class, body.errorCode]);
    };
    note(await admin.post(`${base}/changeContact`, { contactTech: 'not a nichandle' }));
    note(await http.client().get('/api/me'));
    note(await tech.post(`${base}/changeContact`, { contactAdmin: NEWBIE }));
    note(await admin.get('/api/domain/nothing.example/serviceInfos'));
    await admin.post(`${base}/changeContact`, { contactTech: NEWBIE });
    note(await admin.post(`${base}/changeContact`, { contactTech: OUTSIDER }));
    let limited: Answer | undefined;
    for (let i = 0; i < 10 && limited === undefined; i++) {
      const answer = await admin.post(`${base}/changeContact`, { contactTech: OUTSIDER });
      if (answer.status === 429) limited = answer;
    }
    note(limited!);
    expect(seen).toEqual([
      [400, 'Client::BadRequest', 'INVALID_INPUT'],
      [401, 'Client::Unauthorized', 'NOT_AUTHENTICATED'],
      [403, 'Client::Forbidden', 'NOT_ALLOWED'],
      [404, 'Client::NotFound', 'NOT_FOUND'],
      [409, 'Client::Conflict', 'CHANGE_PENDING'],
      [429, 'Client::TooManyRequests', 'RATE_LIMITED'],
    ]);
  });
});

/** A POST whose body goes with no Content-Type header at all (fetch would add text/plain). */
function postWithoutContentType(path: string, body: string, headers: Record<string, string>) {
  const url = new URL(path, http.url);
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('JSON bodies without Content-Type (SPEC §10 "Bodies")', () => {
  const path = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`;
  const body = JSON.stringify({ contactTech: NEWBIE });

  test('a cookie-authenticated call without Content-Type: application/json is refused, nothing made', async () => {
    await createAccount(app.ctx, {
      nichandle: COOKIE_USER,
      name: 'Camille Cookie',
      email: 'camille@example.test',
      password: PASSWORD,
    });
    await serviceOf('domain', 'cookie.example', COOKIE_USER);
    const admin = await http.login(COOKIE_USER);
    const answer = await postWithoutContentType('/api/domain/cookie.example/changeContact', body, {
      cookie: admin.auth!.cookie!,
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ class: 'Client::BadRequest', errorCode: 'INVALID_INPUT' });
    const list = await admin.get('/api/me/task/contactChange');
    expect(list.body).toEqual([]);
  });

  test('the same call with a Bearer token is read as JSON, as OVH clients send it', async () => {
    const admin = await http.as(ADMIN);
    const answer = await postWithoutContentType(path, body, {
      authorization: `Bearer ${admin.auth!.bearer!}`,
    });
    expect(answer.status).toBe(200);
  });
});
