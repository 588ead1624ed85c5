import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canRunPrivateServer,
  startPrivateServer,
  type PrivateServer,
} from '../postgres/private-server.js';
import {
  ADMIN_TOKEN,
  appliedCounts,
  callUntilAnswered,
  createAccounts,
  nic,
  startCluster,
  waitForToken,
  waitUntilFinal,
  type Cluster,
  type Party,
} from './cluster.js';
import { inParallel, waitFor } from './processes.js';

/** Requests made and accepted while PostgreSQL is restarted twice. */
const STORIES = 40;

let server: PrivateServer | undefined;
let cluster: Cluster;

describe.skipIf(!canRunPrivateServer())('PostgreSQL restarted in the middle of traffic', () => {
  let admins: Party[];
  let newcomers: Party[];
  const range = Array.from({ length: STORIES }, (_, i) => i);
  const serviceName = (i: number) => `restart${i}.example`;

  beforeAll(async () => {
    server = await startPrivateServer();
    const admin = new pg.Client({ connectionString: server.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE contacthub');
    await admin.end();
    cluster = await startCluster(
      3,
      {},
      {
        url: server.url('contacthub'),
        name: 'contacthub',
        drop: () => Promise.resolve(),
      },
    );
    admins = await createAccounts(
      cluster,
      range.map((i) => nic('ad', i)),
    );
    newcomers = await createAccounts(
      cluster,
      range.map((i) => nic('nw', i)),
    );
    const created = await inParallel(range, 12, (i) =>
      cluster.call(cluster.via(i), 'POST', '/api/admin/services', ADMIN_TOKEN, {
        serviceType: 'domain',
        serviceName: serviceName(i),
        contactAdmin: admins[i]!.nichandle,
      }),
    );
    expect(created.map((a) => a.status)).toEqual(created.map(() => 201));
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
    await server?.stop();
  });

  it('the processes recover by themselves and nothing accepted is lost', async () => {
    const from = cluster.answers.length;
    const ids: number[] = [];
    const traffic = inParallel(range, 10, async (i) => {
      const path = `/api/domain/${serviceName(i)}/changeContact`;
      const asked = await callUntilAnswered(
        cluster,
        cluster.via(i),
        'POST',
        path,
        admins[i]!.token,
        {
          contactTech: newcomers[i]!.nichandle,
        },
      );
      let id: number;
      if (asked.status === 200) id = (asked.body as number[])[0]!;
      else {
        // A try answered 503 may have committed: the request is then already open.
        expect((asked.body as { errorCode?: string }).errorCode).toBe('CHANGE_PENDING');
        const open = await callUntilAnswered(
          cluster,
          cluster.via(i + 1),
          'GET',
          '/api/me/task/contactChange?state=validatingByCustomers',
          admins[i]!.token,
        );
        id = (open.body as number[])[0]!;
      }
      ids.push(id);
      await Promise.all(
        [admins[i]!, newcomers[i]!].map(async (party, k) => {
          const token = await waitForToken(cluster, id, party.nichandle);
          const answer = await callUntilAnswered(
            cluster,
            cluster.via(i + k),
            'POST',
            `/api/me/task/contactChange/${id}/accept`,
            party.token,
            { token },
          );
          if (answer.status !== 204) expect(answer.status).toBe(409);
        }),
      );
    });
    // Two outages while the traffic runs: one short, one of a second and a half.
    await new Promise((r) => setTimeout(r, 300));
    await server!.restart(0);
    await new Promise((r) => setTimeout(r, 700));
    await server!.restart(1500);
    // Then every connection of every process is cut, as a failover or an operator would.
    await new Promise((r) => setTimeout(r, 500));
    const admin = new pg.Client({ connectionString: server!.url('postgres') });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'contacthub'",
    );
    await admin.end();
    await traffic;
    const trafficEnded = Date.now();

    expect(new Set(ids).size).toBe(STORIES);
    const final = await waitUntilFinal(cluster.database, ids);
    expect(final.map((r) => r.state)).toEqual(final.map(() => 'done'));
    const applied = await appliedCounts(cluster.database);
    expect(ids.map((id) => applied.get(id))).toEqual(ids.map(() => 1));

    const failures = cluster.answers.slice(from).filter((a) => a.status === 0 || a.status >= 500);
    expect(failures.map((a) => a.status).filter((s) => s !== 503)).toEqual([]);
    expect(cluster.processes.map((p) => p.alive())).toEqual([true, true, true]);
    // The outage was real: each worker met it (and said so once, as a warning) while polling
    // every 200 ms, then said when the database was back (decision 108).
    for (const p of cluster.processes) {
      expect(p.output()).toContain('database unavailable, background jobs will retry');
      expect(p.output()).toContain('database available again');
    }

    // R21: every e-mail is sent within 30 s, including those whose claim or "sent" mark an
    // outage interrupted (their claim lapses in LEASE_MS, decision 105).
    const rows = await waitFor(
      'every e-mail to be sent',
      async () => {
        const all = await cluster.database.db
          .selectFrom('outbox')
          .select('state')
          .where('channel', '=', 'email')
          .execute();
        return all.every((r) => r.state === 'sent') ? all : undefined;
      },
      30_000,
    );
    expect(Date.now() - trafficEnded).toBeLessThan(30_000);
    expect(rows.length).toBeGreaterThanOrEqual(STORIES * 4);
  });
});
