import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { listOutbox } from '../../src/outbox/manage-outbox.js';
import { verifyWebhook } from '../../src/webhooks/webhook-signature.js';
import { ADMIN, NEWBIE, SERVICE, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'whsec_0123456789abcdef';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the signature checks out, as the receiver computes it. */
  verified: boolean;
}

let receiver: Server;
let deliveries: Delivery[];
let status: number;
let app: TestApp;

beforeEach(async () => {
  deliveries = [];
  status = 204;
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
        app.clock.now(), // the receiver and contacthub agree on the time
      );
      // The feed's own deliveries (feed.*, decision 095) are tested in test/http/operator-webhooks.
      const feed = String(req.headers['x-contacthub-event']).startsWith('feed.');
      if (!feed) deliveries.push({ headers: req.headers, body, verified });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  app = await makeTestApp({
    WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/contacthub?key=do-not-show`,
    WEBHOOK_SECRET: SECRET,
  });
  await seedGuide(app.ctx);
});
afterEach(async () => {
  await app.close();
  await new Promise((resolve) => receiver.close(resolve));
});

interface Payload {
  id: string;
  event: string;
  occurredAt: string;
  data: Record<string, unknown>;
}
const payloads = () => deliveries.map((d) => JSON.parse(d.body) as Payload);

/**
 * The outbox's request webhooks. The feed's relay (decision 095) queues deliveries of its own
 * to the same URL, tested in test/http/operator-webhooks; on PostgreSQL it takes an event only
 * once every older transaction of the cluster has ended, so whether they are there yet varies.
 */
const requestWebhooks = async () =>
  (await listOutbox(app.ctx)).filter(
    (e) => e.channel === 'webhook' && !e.template.startsWith('feed.'),
  );

test('each request event is POSTed as signed JSON: created, accepted, done', async () => {
  const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  const tokens = [await tokenFor(app.ctx, id!, ADMIN), await tokenFor(app.ctx, id!, NEWBIE)];
  await acceptChange(app.ctx, ADMIN, id, tokens[0]);
  await acceptChange(app.ctx, NEWBIE, id, tokens[1]);
  await app.worker.drain();

  expect(deliveries.map((d) => d.verified)).toEqual([true, true, true, true]);
  expect(payloads().map((p) => p.event)).toEqual([
    'request.created',
    'request.accepted',
    'request.accepted',
    'request.done',
  ]);
  for (const [i, d] of deliveries.entries()) {
    const payload = payloads()[i]!;
    expect(d.headers['content-type']).toBe('application/json');
    expect(d.headers['x-contacthub-event']).toBe(payload.event);
    expect(d.headers['x-contacthub-delivery']).toBe(payload.id);
    expect(d.headers['x-contacthub-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    for (const token of tokens) expect(d.body).not.toContain(token);
  }
  const done = payloads()[3]!;
  expect(done.data).toMatchObject({
    id,
    serviceType: 'domain',
    serviceName: 'example.com',
    contactTypes: ['contactTech'],
    fromAccount: TECH,
    toAccount: NEWBIE,
    askingAccount: ADMIN,
    state: 'done',
    contacts: { contactAdmin: ADMIN, contactTech: NEWBIE },
  });
  expect(payloads()[1]!.data).toMatchObject({ by: ADMIN });
});

test('a receiver that fails gets the same delivery again after a backoff, until it takes it', async () => {
  status = 503;
  await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await app.worker.drain();
  expect(deliveries).toHaveLength(1);
  const [entry] = await requestWebhooks();
  expect(entry).toMatchObject({
    state: 'pending',
    attempts: 1,
    lastError: 'HTTP 503 Service Unavailable',
  });
  // Operators see where it goes, not the key in its query string.
  expect(entry!.recipient).toMatch(/\/hooks\/contacthub$/);

  await app.worker.drain(); // not due yet
  expect(deliveries).toHaveLength(1);
  app.clock.advance(40_000);
  status = 200;
  await app.worker.drain();
  expect(deliveries).toHaveLength(2);
  expect(deliveries[1]!.verified).toBe(true);
  expect(deliveries[1]!.body).toBe(deliveries[0]!.body);
  expect(deliveries[1]!.headers['x-contacthub-delivery']).toBe(
    deliveries[0]!.headers['x-contacthub-delivery'],
  );
  expect(deliveries[1]!.headers['x-contacthub-timestamp']).not.toBe(
    deliveries[0]!.headers['x-contacthub-timestamp'],
  );
  expect(await requestWebhooks()).toEqual([]);
});

test('a receiver that is down or redirects is retried, not followed', async () => {
  status = 302;
  await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await app.worker.drain();
  const [first] = await requestWebhooks();
  expect(first).toMatchObject({ attempts: 1, lastError: 'HTTP 302 Found' });

  await new Promise((resolve) => receiver.close(resolve));
  app.clock.advance(40_000);
  await app.worker.drain();
  const [second] = await requestWebhooks();
  expect(second!.attempts).toBe(2);
  expect(second!.lastError).toMatch(/fetch failed.*ECONNREFUSED/);
  receiver.listen(Number(new URL(app.config.webhookUrl!).port), '127.0.0.1');
  await once(receiver, 'listening');
  status = 204;
  app.clock.advance(90_000);
  await app.worker.drain();
  expect(deliveries.filter((d) => d.verified)).toHaveLength(2);
  expect(await requestWebhooks()).toEqual([]);
});
