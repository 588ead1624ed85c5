import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenLoginTries, startCluster, type Cluster } from './cluster.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const reachable = await redisAnswers();

describe.skipIf(!reachable)('rate limits in Redis (REDIS_URL) are shared by the processes', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(2, { REDIS_URL });
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it('the 11th login try for one account is refused, whichever process gets it', async () => {
    // A nichandle of its own, so that counters of earlier runs in the same Redis do not count.
    const nichandle = `zz${randomInt(1_000_000, 9_999_999)}-ch`;
    const statuses = await elevenLoginTries(cluster, nichandle);
    // The counters were in Redis, not in the database: no try fell back to it.
    const rows = await cluster.database.db.selectFrom('rate_limits').selectAll().execute();
    expect(rows).toEqual([]);
    expect(statuses.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 401));
    expect(statuses[10]).toBe(429);
  });
});
