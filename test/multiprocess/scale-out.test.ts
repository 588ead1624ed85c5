import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inParallel, waitFor } from './processes.js';
import {
  ADMIN_TOKEN,
  appliedCounts,
  callUntilAnswered,
  createAccounts,
  elevenLoginTries,
  nic,
  startConnectionKiller,
  startCluster,
  waitForToken,
  waitUntilFinal,
  type Cluster,
  type Party,
} from './cluster.js';

/** Requests created and accepted through the three processes at once. */
const REQUESTS = 150;
/** Requests created and accepted while PostgreSQL connections are being killed. */
const UNDER_FIRE = 60;
/** Old technical contacts the services start with (informed once their role has moved). */
const OLD_TECHS = 10;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster(3);
}, 120_000);

afterAll(async () => {
  await cluster?.close();
});

const serviceName = (i: number) => `site${i}.example`;

describe('three serve processes on one PostgreSQL database', () => {
  let oldTechs: Party[];
  let admins: Party[];
  let newcomers: Party[];
  let ids: number[];

  it('each process migrated the same database and answers', async () => {
    expect(cluster.processes).toHaveLength(3);
    const tables = await cluster.database.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(tables.length).toBeGreaterThan(0);
    for (const p of cluster.processes) {
      // The health check of docs/deployment.md: an unknown token is looked up, 401.
      const answer = await cluster.call(p.url, 'GET', '/api/me', 'health-check');
      expect(answer.status).toBe(401);
    }
  });

  it(`creates ${REQUESTS} requests through all three at once`, async () => {
    oldTechs = await createAccounts(
      cluster,
      Array.from({ length: OLD_TECHS }, (_, k) => nic('te', k)),
    );
    admins = await createAccounts(
      cluster,
      Array.from({ length: REQUESTS }, (_, i) => nic('ad', i)),
    );
    newcomers = await createAccounts(
      cluster,
      Array.from({ length: REQUESTS }, (_, i) => nic('nw', i)),
    );
    const created = await inParallel(admins, 12, (admin, i) =>
      cluster.call(cluster.via(i), 'POST', '/api/admin/services', ADMIN_TOKEN, {
        serviceType: 'domain',
        serviceName: serviceName(i),
        contactAdmin: admin.nichandle,
        contactTech: oldTechs[i % OLD_TECHS]!.nichandle,
      }),
    );
    expect(created.map((a) => a.status)).toEqual(created.map(() => 201));

    const asked = await inParallel(admins, 30, (admin, i) =>
      cluster.call(
        cluster.via(i),
        'POST',
        `/api/domain/${serviceName(i)}/changeContact`,
        admin.token,
        { contactTech: newcomers[i]!.nichandle },
      ),
    );
    expect(asked.map((a) => a.status)).toEqual(asked.map(() => 200));
    ids = asked.map((a) => (a.body as number[])[0]!);
    expect(new Set(ids).size).toBe(REQUESTS);
  });

  it('both validators accept on different processes, each accept sent twice: one 204, one 409', async () => {
    const outcomes = await inParallel(ids, 25, async (id, i) => {
      const [adminCode, newcomerCode] = await Promise.all([
        waitForToken(cluster, id, admins[i]!.nichandle),
        waitForToken(cluster, id, newcomers[i]!.nichandle),
      ]);
      const accept = (process: number, party: Party, token: string) =>
        cluster.call(
          cluster.via(process),
          'POST',
          `/api/me/task/contactChange/${id}/accept`,
          party.token,
          { token },
        );
      // Four calls at once: each validator's accept on two different processes.
      const answers = await Promise.all([
        accept(i, admins[i]!, adminCode),
        accept(i + 1, admins[i]!, adminCode),
        accept(i + 1, newcomers[i]!, newcomerCode),
        accept(i + 2, newcomers[i]!, newcomerCode),
      ]);
      return {
        admin: answers
          .slice(0, 2)
          .map((a) => a.status)
          .sort(),
        newcomer: answers
          .slice(2)
          .map((a) => a.status)
          .sort(),
        conflicts: answers.filter((a) => a.status === 409).map((a) => errorCode(a.body)),
      };
    });
    for (const outcome of outcomes) {
      expect(outcome.admin).toEqual([204, 409]);
      expect(outcome.newcomer).toEqual([204, 409]);
      for (const code of outcome.conflicts) {
        expect(['ALREADY_DECIDED', 'TASK_NOT_PENDING']).toContain(code);
      }
    }
  });

  it('every request is applied exactly once and the contacts are right', async () => {
    const final = await waitUntilFinal(cluster.database, ids);
    expect(final.map((r) => r.state)).toEqual(final.map(() => 'done'));
    const applied = await appliedCounts(cluster.database);
    expect(ids.map((id) => applied.get(id))).toEqual(ids.map(() => 1));

    const services = await cluster.database.db
      .selectFrom('services')
      .select(['service_name', 'contact_admin', 'contact_tech', 'contact_billing'])
      .execute();
    const byName = new Map(services.map((s) => [s.service_name, s]));
    admins.forEach((admin, i) => {
      expect(byName.get(serviceName(i))).toEqual({
        service_name: serviceName(i),
        contact_admin: admin.nichandle,
        contact_tech: newcomers[i]!.nichandle,
        contact_billing: admin.nichandle,
      });
    });
    // What the new contact sees, asked through each process.
    for (const i of [0, 1, 2]) {
      const seen = await cluster.call(
        cluster.via(i),
        'GET',
        `/api/domain/${serviceName(i)}/serviceInfos`,
        newcomers[i]!.token,
      );
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ contactTech: newcomers[i]!.nichandle });
      const old = await cluster.call(
        cluster.via(i),
        'GET',
        `/api/domain/${serviceName(i)}/serviceInfos`,
        oldTechs[i % OLD_TECHS]!.token,
      );
      expect(old.status).toBe(404);
    }
  });

  it('each e-mail is delivered exactly once', async () => {
    const outbox = await waitFor('the outbox to empty', async () => {
      const rows = await cluster.database.db
        .selectFrom('outbox')
        .select(['message_id', 'state', 'template', 'request_id'])
        .where('channel', '=', 'email')
        .execute();
      const sent = rows.filter((r) => r.state === 'sent');
      const received = new Set(cluster.smtp.received.map((m) => m.messageId));
      return sent.length === rows.length && sent.every((r) => received.has(r.message_id))
        ? rows
        : undefined;
    });
    const deliveries = new Map<string, number>();
    for (const m of cluster.smtp.received) {
      deliveries.set(m.messageId, (deliveries.get(m.messageId) ?? 0) + 1);
    }
    expect([...deliveries.keys()].sort()).toEqual(outbox.map((r) => r.message_id).sort());
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    // Per request: two codes, then "done" to both validators and to the old contact.
    for (const id of ids) {
      const mails = cluster.smtp.received.filter((m) => m.requestId === id);
      expect(mails.filter((m) => m.template === 'request-created')).toHaveLength(2);
      expect(mails.filter((m) => m.template === 'request-done')).toHaveLength(3);
    }
  });

  it('no process answered 5xx, and all are still running', () => {
    expect(cluster.answers.filter((a) => a.status === 0 || a.status >= 500)).toEqual([]);
    expect(cluster.processes.map((p) => p.alive())).toEqual([true, true, true]);
  });

  it('rate-limit counters are shared: the 11th login try for one account is refused, whichever process gets it', async () => {
    const statuses = await elevenLoginTries(cluster, 'zz9999-ch');
    // Each process saw at most four of these: only a shared counter reaches the limit of 10.
    expect(statuses.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 401));
    expect(statuses[10]).toBe(429);
    // The counters live in the database (keys are kept hashed, so look for the counts).
    const counters = await cluster.database.db.selectFrom('rate_limits').select('hits').execute();
    expect(counters.map((c) => c.hits)).toContain(11);
  });
});

describe('PostgreSQL connections killed in the middle of traffic', () => {
  const first = REQUESTS;
  const stories = Array.from({ length: UNDER_FIRE }, (_, k) => first + k);
  let admins: Party[];
  let newcomers: Party[];
  const ids: number[] = [];
  let killed = 0;
  const answersBefore = () => cluster.answers.length;
  let from = 0;

  beforeAll(async () => {
    admins = await createAccounts(
      cluster,
      stories.map((i) => nic('ad', i)),
    );
    newcomers = await createAccounts(
      cluster,
      stories.map((i) => nic('nw', i)),
    );
    const created = await inParallel(stories, 12, (i, k) =>
      cluster.call(cluster.via(i), 'POST', '/api/admin/services', ADMIN_TOKEN, {
        serviceType: 'domain',
        serviceName: serviceName(i),
        contactAdmin: admins[k]!.nichandle,
        contactTech: admins[k]!.nichandle,
      }),
    );
    expect(created.map((a) => a.status)).toEqual(created.map(() => 201));
    from = answersBefore();
  }, 120_000);

  it('requests made and accepted while connections die all end applied, once', async () => {
    const killer = startConnectionKiller(cluster);
    try {
      await inParallel(stories, 20, async (i, k) => {
        const admin = admins[k]!;
        const newcomer = newcomers[k]!;
        const path = `/api/domain/${serviceName(i)}/changeContact`;
        const asked = await callUntilAnswered(cluster, cluster.via(i), 'POST', path, admin.token, {
          contactTech: newcomer.nichandle,
        });
        let id: number;
        if (asked.status === 200) id = (asked.body as number[])[0]!;
        else {
          // A try that failed with 503 may have committed: the request is then already open.
          expect(errorCode(asked.body)).toBe('CHANGE_PENDING');
          const open = await callUntilAnswered(
            cluster,
            cluster.via(i + 1),
            'GET',
            '/api/me/task/contactChange?state=validatingByCustomers',
            admin.token,
          );
          expect(open.body).toHaveLength(1);
          id = (open.body as number[])[0]!;
        }
        ids.push(id);
        const accept = async (process: number, party: Party) => {
          const token = await waitForToken(cluster, id, party.nichandle);
          const answer = await callUntilAnswered(
            cluster,
            cluster.via(process),
            'POST',
            `/api/me/task/contactChange/${id}/accept`,
            party.token,
            { token },
          );
          // 409: an earlier try was committed although its answer was lost.
          if (answer.status !== 204) {
            expect(answer.status).toBe(409);
            expect(['ALREADY_DECIDED', 'TASK_NOT_PENDING']).toContain(errorCode(answer.body));
          }
        };
        await Promise.all([accept(i, admin), accept(i + 1, newcomer)]);
      });
    } finally {
      killed = await killer.stop();
    }
    expect(killed).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(UNDER_FIRE);

    const final = await waitUntilFinal(cluster.database, ids);
    expect(final.map((r) => r.state)).toEqual(final.map(() => 'done'));
    const applied = await appliedCounts(cluster.database);
    expect(ids.map((id) => applied.get(id))).toEqual(ids.map(() => 1));
    const techs = await cluster.database.db
      .selectFrom('services')
      .select(['service_name', 'contact_tech'])
      .where('service_name', 'in', stories.map(serviceName))
      .execute();
    const techOf = new Map(techs.map((t) => [t.service_name, t.contact_tech]));
    expect(stories.map((i) => techOf.get(serviceName(i)))).toEqual(
      newcomers.map((n) => n.nichandle),
    );
  });

  it('while the database was away, the processes answered 503 with the error shape, never 500', () => {
    const failures = cluster.answers.slice(from).filter((a) => a.status === 0 || a.status >= 500);
    for (const failure of failures) {
      expect(failure.status).toBe(503);
      const body = failure.body as { errorCode?: unknown; message?: unknown };
      expect(typeof body.errorCode).toBe('string');
      expect(typeof body.message).toBe('string');
    }
  });

  it('the processes recovered by themselves and every e-mail is kept or sent', async () => {
    expect(cluster.processes.map((p) => p.alive())).toEqual([true, true, true]);
    for (const p of cluster.processes) {
      const me = await cluster.call(p.url, 'GET', '/api/me', admins[0]!.token);
      expect(me.status).toBe(200);
    }
    // A message whose "sent" mark was lost with its connection waits for its claim to expire
    // and is sent again (same Message-ID); none may be lost or given up.
    const rows = await waitFor('every due e-mail to be sent', async () => {
      const all = await cluster.database.db
        .selectFrom('outbox')
        .select(['message_id', 'state', 'locked_until', 'request_id', 'template'])
        .where('channel', '=', 'email')
        .where('request_id', 'in', ids)
        .execute();
      const now = Date.now();
      const due = all.filter(
        (r) => r.state !== 'sent' && (r.locked_until === null || r.locked_until <= now),
      );
      return due.length === 0 ? all : undefined;
    });
    expect(rows.filter((r) => r.state === 'failed')).toEqual([]);
    const received = new Set(cluster.smtp.received.map((m) => m.messageId));
    for (const row of rows.filter((r) => r.state === 'sent')) {
      expect(received.has(row.message_id)).toBe(true);
    }
    for (const id of ids) {
      const templates = rows.filter((r) => r.request_id === id).map((r) => r.template);
      expect(templates.filter((t) => t === 'request-done')).toHaveLength(2);
    }
  });
});

describe('stopping', () => {
  it('SIGTERM stops each process cleanly (exit code 0)', async () => {
    const codes = await Promise.all(cluster.processes.map((p) => p.stop()));
    expect(codes).toEqual([0, 0, 0]);
  });
});

function errorCode(body: unknown): unknown {
  return typeof body === 'object' && body !== null
    ? (body as { errorCode?: unknown }).errorCode
    : body;
}
