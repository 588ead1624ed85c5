import { sql } from 'kysely';
import { inject } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../src/server/rate-limit.js';
import { SecretBox } from '../../src/platform/crypto.js';
import { openDatabase, type Database } from '../../src/platform/database/database.js';
import { createEmptyDatabase, databaseUrl, dropDatabase } from '../postgres/pg-databases.js';
import {
  call,
  inParallel,
  startServe,
  waitFor,
  type Answer,
  type ServeProcess,
} from './processes.js';
import { startSmtpCapture, tokenIn, type Received } from './smtp-capture.js';

export const SECRET_KEY = 'multi-process-secret-key-0123456789abcdefgh';
export const ADMIN_TOKEN = 'multi-process-admin-token-0123456789';

/**
 * Three `contacthub serve` processes on one fresh PostgreSQL database (each migrates it at start,
 * under the migration lock), a real SMTP server that keeps every message, and a connection of
 * the test's own to look at the database as an operator would.
 */
export interface Cluster {
  processes: ServeProcess[];
  database: Database;
  databaseName: string;
  smtp: { url: string; received: Received[] };
  /** Every answer any process gave, for the "no 5xx" checks. */
  answers: Answer[];
  /** Process `i % 3`. */
  via(i: number): string;
  call(
    base: string,
    method: string,
    path: string,
    bearer?: string,
    body?: unknown,
  ): Promise<Answer>;
  close(): Promise<void>;
}

/** Where the cluster's database is: by default a fresh one on the test server, dropped after. */
export interface ClusterDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<ClusterDatabase> {
  const name = await createEmptyDatabase(inject('pgTemplate'), 'cluster');
  return { url: databaseUrl(name), name, drop: () => dropDatabase(name) };
}

export async function startCluster(
  size = 3,
  extraEnv: Record<string, string> = {},
  where?: ClusterDatabase,
): Promise<Cluster> {
  const target = where ?? (await freshDatabase());
  const databaseName = target.name;
  const smtp = await startSmtpCapture();
  const env = {
    DATABASE_URL: target.url,
    DATABASE_POOL_SIZE: '6',
    ADMIN_TOKEN,
    SECRET_KEY,
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://contacthub.test',
    NODE_ENV: 'production',
    WORKER_INTERVAL_MS: '200',
    ...extraEnv,
  };
  const started = await Promise.allSettled(
    Array.from({ length: size }, (_, i) => startServe(`p${i + 1}`, env)),
  );
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const database = openDatabase(target.url, {
    poolSize: 2,
    applicationName: 'contacthub-test',
  });
  const answers: Answer[] = [];
  const cluster: Cluster = {
    processes,
    database,
    databaseName,
    smtp,
    answers,
    via: (i) => processes[i % processes.length]!.url,
    async call(base, method, path, bearer, body) {
      const answer = await call(base, method, path, { bearer, body });
      answers.push(answer);
      return answer;
    },
    async close() {
      await Promise.all(processes.map((p) => p.stop()));
      await database.close();
      await smtp.close();
      await target.drop();
    },
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await cluster.close();
    throw failed.reason;
  }
  return cluster;
}

export const nic = (prefix: string, i: number) => `${prefix}${1000 + i}-ch`;

export interface Party {
  nichandle: string;
  token: string;
}

/** Creates accounts through the operator API (spread over the processes) with an API token each. */
export async function createAccounts(cluster: Cluster, nichandles: string[]): Promise<Party[]> {
  return inParallel(nichandles, 12, async (nichandle, i) => {
    const made = await cluster.call(cluster.via(i), 'POST', '/api/admin/accounts', ADMIN_TOKEN, {
      nichandle,
      email: `${nichandle}@example.test`,
      name: `Person ${nichandle}`,
      language: i % 2 === 0 ? 'fr' : 'en',
    });
    if (made.status !== 201) throw new Error(`account ${nichandle}: ${JSON.stringify(made)}`);
    const token = await cluster.call(
      cluster.via(i + 1),
      'POST',
      `/api/admin/accounts/${nichandle}/tokens`,
      ADMIN_TOKEN,
      {},
    );
    if (token.status !== 201) throw new Error(`token ${nichandle}: ${JSON.stringify(token)}`);
    return { nichandle, token: (token.body as { token: string }).token };
  });
}

/**
 * Eleven wrong login tries for `nichandle`, spread over the processes: one more than the
 * per-account limit (DEFAULT_RATE_LIMITS: 10 every 5 minutes, decision 012). The limit counts in fixed windows of
 * the wall clock, which the processes read for themselves; tries that straddled a window's end
 * would be counted in two windows and all be let through, as designed. So the tries start in a
 * window with half a minute left. Returns the statuses in order.
 */
export async function elevenLoginTries(cluster: Cluster, nichandle: string): Promise<number[]> {
  const windowMs = DEFAULT_RATE_LIMITS.loginPerAccount.windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < 30_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    const answer = await cluster.call(cluster.via(i), 'POST', '/api/auth/login', undefined, {
      nichandle,
      password: `wrong password ${i}`,
    });
    statuses.push(answer.status);
  }
  return statuses;
}

/**
 * The validation code of `account` for `requestId`: read from its newest e-mail once received.
 * An e-mail may wait for minutes when the commit of its claim was lost with a killed connection
 * (the claim then has to expire); after a few seconds without it the code is read where the
 * dispatcher reads it, sealed in the outbox, and opened with SECRET_KEY.
 */
export function waitForToken(cluster: Cluster, requestId: number, account: string) {
  const since = Date.now();
  const box = new SecretBox(SECRET_KEY);
  return waitFor(`the e-mail of ${account} for request ${requestId}`, async () => {
    const mails = cluster.smtp.received.filter(
      (m) => m.requestId === requestId && m.to === `${account}@example.test`,
    );
    const codes = mails.map((m) => tokenIn(m.text)).filter((t) => t !== undefined);
    if (codes.length > 0) return codes[codes.length - 1];
    if (Date.now() - since < 5_000) return undefined;
    try {
      const row = await cluster.database.db
        .selectFrom('outbox')
        .select('sealed_secret')
        .where('request_id', '=', requestId)
        .where('account', '=', account)
        .where('sealed_secret', 'is not', null)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row?.sealed_secret ? box.open(row.sealed_secret) : undefined;
    } catch {
      return undefined; // the database is being restarted: look again
    }
  });
}

/** How many times each request was applied, from the audit log. */
export async function appliedCounts(database: Database): Promise<Map<number, number>> {
  const rows = await database.db
    .selectFrom('audit_events')
    .select(['request_id', sql<number>`count(*)`.as('n')])
    .where('event', '=', 'request.applied')
    .groupBy('request_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.request_id), Number(r.n)]));
}

/** Waits until every request of `ids` has reached a final state; returns the states. */
export function waitUntilFinal(database: Database, ids: number[], timeoutMs = 180_000) {
  return waitFor(
    `${ids.length} requests to end`,
    async () => {
      const rows = await database.db
        .selectFrom('contact_changes')
        .select(['id', 'state'])
        .where('id', 'in', ids)
        .where('state', 'in', ['done', 'error', 'refused', 'aborted', 'expired'])
        .execute();
      return rows.length === ids.length ? rows : undefined;
    },
    timeoutMs,
  );
}

/**
 * Terminates every connection contacthub holds on the cluster's database, again and again,
 * until stopped: what a PostgreSQL restart or a failover does to the pools. Returns how many
 * connections it killed.
 */
export function startConnectionKiller(cluster: Cluster, everyMs = 150) {
  let running = true;
  let killed = 0;
  const loop = (async () => {
    const admin = openDatabase(databaseUrl(cluster.databaseName), {
      poolSize: 1,
      applicationName: 'contacthub-test-killer',
    });
    try {
      while (running) {
        // Two statements: in one, the planner may call pg_terminate_backend before filtering
        // on the database, and kill other databases' sessions.
        const victims = await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = ${cluster.databaseName} and application_name = 'contacthub'
            and pid <> pg_backend_pid()`.execute(admin.db);
        for (const { pid } of victims.rows) {
          await sql`select pg_terminate_backend(${pid}::int)`.execute(admin.db);
        }
        killed += victims.rows.length;
        await new Promise((r) => setTimeout(r, everyMs));
      }
    } finally {
      await admin.close();
    }
  })();
  loop.catch(() => undefined); // reported by stop()
  return {
    async stop(): Promise<number> {
      running = false;
      await loop;
      return killed;
    },
  };
}

/** Calls until the answer is neither a 5xx nor a network failure, as a patient client would. */
export async function callUntilAnswered(
  cluster: Cluster,
  base: string,
  method: string,
  path: string,
  bearer?: string,
  body?: unknown,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await cluster.call(base, method, path, bearer, body);
    if ((answer.status !== 0 && answer.status < 500) || attempt >= 400) return answer;
    await new Promise((r) => setTimeout(r, 50));
  }
}
