import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/webhook-signature.js';
import { ADMIN, NEWBIE, OUTSIDER, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * Every event of GET /api/admin/events is POSTed to WEBHOOK_URL as `feed.{type}`, signed, once,
 * in feed order, its `data` the feed's item (decision 095).
 */

const SECRET = 'whsec_0123456789abcdef';
const ADMIN_TOKEN = 'operator-token-0123456789';

interface FeedItem {
  id: number;
  type: string;
}
let receiver: Server;
const received: { event: string; verified: boolean; body: { event: string; data: FeedItem } }[] =
  [];
let app: TestApp;
let http: Running;
let operator: Client;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifyWebhook(
        SECRET,
        {
          timestamp: req.headers['x-contacthub-timestamp'] as string | undefined,
          signature: req.headers['x-contacthub-signature'] as string | undefined,
        },
        body,
        app.clock.now(),
      );
      received.push({
        event: String(req.headers['x-contacthub-event']),
        verified,
        body: JSON.parse(body) as { event: string; data: FeedItem },
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  app = await makeTestApp({
    ADMIN_TOKEN,
    WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`,
    WEBHOOK_SECRET: SECRET,
  });
  await seedGuide(app.ctx);
  http = await startServer(app);
  operator = http.client({ bearer: ADMIN_TOKEN });
}, 60_000);
afterAll(async () => {
  await http?.close();
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function feed(): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let after = '';
  for (;;) {
    const page = (await operator.get(`/api/admin/events?limit=1000&after=${after}`)).body as {
      items: FeedItem[];
      nextCursor: string;
    };
    if (page.items.length === 0) return items;
    items.push(...page.items);
    after = page.nextCursor;
  }
}

test('each event of the feed once, in order, with the feed’s own item as data', async () => {
  await app.worker.drain(); // the relay starts at the end of the feed as it is now
  const start = (await feed()).length;
  const admin = await http.as(ADMIN);
  const made = await admin.post(
    `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`,
    { contactTech: NEWBIE },
  );
  expect(made.status, made.text).toBe(200);
  await operator.request('PATCH', `/api/admin/accounts/${OUTSIDER}`, { name: 'Oscar Two' });
  await operator.request(
    'PATCH',
    `/api/admin/services/${SERVICE.serviceType}/${SERVICE.serviceName}`,
    {
      status: 'expired',
    },
  );
  const relayed = () => received.filter((r) => r.event.startsWith('feed.'));
  // Sending the e-mails writes more events (email.sent); on PostgreSQL an event also waits for
  // the cluster's older transactions (other tests') to end.
  let events: FeedItem[] = [];
  for (let i = 0; i < 100; i++) {
    await app.worker.drain();
    events = (await feed()).slice(start);
    if (relayed().length === events.length) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(relayed().length).toBe(events.length);
  expect(relayed().every((r) => r.verified)).toBe(true);
  // The relay queues in feed order; the deliveries of one drain may arrive in any order.
  const byId = [...relayed()].sort((a, b) => a.body.data.id - b.body.data.id);
  expect(byId.map((r) => r.body.data)).toEqual([...events].sort((a, b) => a.id - b.id));
  expect(byId.map((r) => r.event)).toEqual(
    [...events].sort((a, b) => a.id - b.id).map((e) => `feed.${e.type}`),
  );
  expect(events.map((e) => e.type)).toEqual(
    expect.arrayContaining([
      'request.created',
      'email.queued',
      'account.updated',
      'service.status',
    ]),
  );
  // The request's own webhook is still sent too.
  expect(received.map((r) => r.event)).toContain('request.created');
});
