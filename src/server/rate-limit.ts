import { Redis } from 'ioredis';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { countHit, deleteCountersBefore } from './server.repository.js';

/** One limit: at most `max` hits per fixed window of `windowSeconds`. */
export interface Limit {
  max: number;
  windowSeconds: number;
}

/** The limits of issue 3; buildServer takes overrides (tests, benchmarks). */
export interface RateLimits {
  /**
   * Login attempts per nichandle tried from one address (guessing one account's password), the
   * first of three growing steps (loginSteps): never per nichandle alone, so that nobody can lock
   * an account's owner out by failing on purpose (decision 086).
   */
  loginPerAccount: Limit;
  /** Login attempts per client address (guessing across accounts). */
  loginPerAddress: Limit;
  /** accept, refuse and resendEmail calls per account. */
  decisionsPerAccount: Limit;
  /** changeContact calls per account. */
  changesPerAccount: Limit;
  /** changeEmail calls per account: each one e-mails an address the caller typed. */
  emailChangesPerAccount: Limit;
  /** Password reset requests and confirmations per client address. */
  passwordResetsPerAddress: Limit;
  /** Password reset e-mails per nichandle typed (known or not: both count alike). */
  passwordResetsPerAccount: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  loginPerAccount: { max: 10, windowSeconds: 300 },
  loginPerAddress: { max: 30, windowSeconds: 60 },
  decisionsPerAccount: { max: 30, windowSeconds: 60 },
  changesPerAccount: { max: 60, windowSeconds: 60 },
  emailChangesPerAccount: { max: 10, windowSeconds: 3600 },
  passwordResetsPerAddress: { max: 20, windowSeconds: 3600 },
  passwordResetsPerAccount: { max: 5, windowSeconds: 3600 },
};

/** Counts hits in fixed windows, in a store every process shares. */
export interface CounterStore {
  /** Adds one hit to `key` in the window starting at `windowStart`; returns the hits so far. */
  hit(key: string, windowStart: number, windowMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Counters in the `rate_limits` table: one row per key, reset when its window has passed. */
export class DatabaseCounters implements CounterStore {
  constructor(private readonly ctx: AppContext) {}

  async hit(key: string, windowStart: number): Promise<number> {
    return countHit(this.ctx.database.db, key, windowStart);
  }

  async close(): Promise<void> {}
}

/**
 * Counters in Redis (REDIS_URL): a key per window that expires with it. When Redis cannot be
 * reached the database counts instead: a limiter outage must not turn into failed requests.
 */
export class RedisCounters implements CounterStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly fallback: CounterStore,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.redis.on('error', () => {
      /* the failing command falls back; ioredis reconnects on its own */
    });
  }

  async hit(key: string, windowStart: number, windowMs: number): Promise<number> {
    const name = `contacthub:rl:${key}:${windowStart}`;
    try {
      const result = await this.redis.multi().incr(name).pexpire(name, windowMs).exec();
      const hits = result?.[0]?.[1];
      if (typeof hits === 'number') return hits;
    } catch {
      /* below */
    }
    return this.fallback.hit(key, windowStart, windowMs);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.fallback.close();
  }
}

/** Deletes database counters whose window ended long ago; run by the worker. */
export async function purgeRateLimits(ctx: AppContext): Promise<boolean> {
  return (await deleteCountersBefore(ctx.database.db, ctx.clock.now() - 24 * 3600 * 1000)) > 0;
}

export class RateLimiter {
  constructor(
    private readonly ctx: AppContext,
    private readonly store: CounterStore,
    readonly limits: RateLimits,
  ) {}

  /**
   * One login attempt: the limit per address (across accounts), then the growing steps per
   * account and address. The owner of an account, from its own address, has counters of its own
   * that an attacker elsewhere does not touch (decision 086).
   */
  async checkLogin(nichandle: string, address: string): Promise<void> {
    await this.check('loginPerAddress', address);
    const account = nichandle.trim().toLowerCase().slice(0, 64);
    for (const [step, limit] of loginSteps(this.limits.loginPerAccount).entries()) {
      await this.checkLimit(`loginPerAccount${step || ''}`, limit, `${account}\n${address}`);
    }
  }

  /** Counts one hit for `key` against `limit`; past the limit, 429 RATE_LIMITED. */
  check(name: keyof RateLimits, key: string): Promise<void> {
    return this.checkLimit(name, this.limits[name], key);
  }

  private async checkLimit(name: string, limit: Limit, key: string): Promise<void> {
    const windowMs = limit.windowSeconds * 1000;
    const windowStart = Math.floor(this.ctx.clock.now() / windowMs) * windowMs;
    // Keys come from the request: an address, or whatever was typed as a nichandle, which may be
    // a password typed in the wrong field. The store keeps only an HMAC under SECRET_KEY.
    const subject = this.ctx.box.sign(`rate-limit:${key}`);
    const hits = await this.store.hit(`${name}:${subject}`, windowStart, windowMs);
    if (hits > limit.max) {
      throw new DomainError(
        'RATE_LIMITED',
        `too many requests: at most ${limit.max} every ${limit.windowSeconds} seconds`,
      );
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * The growing steps of the login limit: `max` tries per window, then twice as many per twelve
 * windows, then four times as many per day. With the defaults: 10 per 5 minutes, 20 per hour,
 * 40 per day, from one address for one account. A step is counted only by tries the step
 * before let through, so hammering at a closed step does not lengthen the wait.
 */
export function loginSteps(first: Limit): Limit[] {
  const day = 86_400;
  return [
    first,
    { max: first.max * 2, windowSeconds: Math.min(first.windowSeconds * 12, day) },
    { max: first.max * 4, windowSeconds: day },
  ];
}

export function makeRateLimiter(ctx: AppContext, overrides: Partial<RateLimits> = {}) {
  const database = new DatabaseCounters(ctx);
  const store = ctx.config.redisUrl ? new RedisCounters(ctx.config.redisUrl, database) : database;
  return new RateLimiter(ctx, store, { ...DEFAULT_RATE_LIMITS, ...overrides });
}
