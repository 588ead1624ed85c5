import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';

/** The configuration of SPEC §7, read once from the environment. */
export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** PostgreSQL connections one process may hold (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /**
   * PostgreSQL: per-request lookups as named prepared statements (DATABASE_PREPARED_LOOKUPS, on
   * unless `off`); off for a pooler that cannot carry them (decision 068).
   */
  databasePreparedLookups: boolean;
  /**
   * SQLite: a credential's row read for a request kept until the next commit to the database
   * (DATABASE_KEPT_LOOKUPS, on unless `off`; decisions 066, 076); off reads it on every request.
   */
  databaseKeptLookups: boolean;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  adminToken: string | undefined;
  requestTtlSeconds: number;
  resendCooldownSeconds: number;
  secretKey: string;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  redisUrl: string | undefined;
  production: boolean;
  /** Suffix of the nichandles the system makes (`ab12345-ch`). */
  nichandleSuffix: string;
  /** How often the in-process worker looks for work when nothing wakes it. */
  workerIntervalMs: number;
  /** Memory for cached services-listing pages, per process (LISTING_CACHE_MB; 0 turns it off). */
  listingCacheBytes: number;
  /** PEM certificate chain and key of TLS_CERT_FILE and TLS_KEY_FILE: HTTPS is served directly. */
  tls: { certFile: string; keyFile: string } | undefined;
  /** Addresses and CIDR ranges of the proxies whose X-Forwarded-For is believed (TRUST_PROXY). */
  trustProxy: string[];
  /** Overrides of the rate limits (RATE_LIMITS), by the limiter's names. */
  rateLimits: Partial<Record<RateLimitName, { max: number; windowSeconds: number }>>;
}

/** The limiter's names, and the names RATE_LIMITS gives them (SPEC §7). */
export const RATE_LIMIT_NAMES = {
  login: 'loginPerAddress',
  loginAccount: 'loginPerAccount',
  changes: 'changesPerAccount',
  decisions: 'decisionsPerAccount',
  emailChanges: 'emailChangesPerAccount',
  passwordResets: 'passwordResetsPerAddress',
  passwordResetsAccount: 'passwordResetsPerAccount',
} as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[keyof typeof RATE_LIMIT_NAMES];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}`);
  }
  return raw;
}

/** TRUST_PROXY: `10.0.0.5, 10.1.0.0/16, ::1` — addresses or CIDR ranges, nothing else. */
function proxies(env: Env): string[] {
  const raw = env.TRUST_PROXY ?? '';
  const list = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of list) {
    const [address = '', bits, extra] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || extra !== undefined) {
      throw new ConfigError(
        `TRUST_PROXY must list IP addresses or CIDR ranges (10.0.0.0/8, ::1), got "${item}"`,
      );
    }
  }
  return list;
}

/** RATE_LIMITS: `login=30/60,changes=60/60,decisions=30/60` (count/seconds). */
function rateLimits(env: Env): Config['rateLimits'] {
  const raw = env.RATE_LIMITS ?? '';
  const limits: Config['rateLimits'] = {};
  const known = Object.keys(RATE_LIMIT_NAMES).join(', ');
  for (const item of raw.split(',').map((i) => i.trim())) {
    if (item === '') continue;
    const match = /^([A-Za-z]+)=(\d{1,7})\/(\d{1,6})$/.exec(item);
    if (!match) {
      throw new ConfigError(
        `RATE_LIMITS must be name=count/seconds separated by commas (login=30/60), got "${item}"`,
      );
    }
    const [, name = '', count = '', seconds = ''] = match;
    if (!Object.hasOwn(RATE_LIMIT_NAMES, name)) {
      throw new ConfigError(`RATE_LIMITS: unknown limit "${name}" (known: ${known})`);
    }
    const max = Number(count);
    const windowSeconds = Number(seconds);
    if (max < 1 || windowSeconds < 1 || windowSeconds > 86_400) {
      throw new ConfigError(
        `RATE_LIMITS: ${name} needs a count of at least 1 and 1 to 86400 seconds, got "${item}"`,
      );
    }
    limits[RATE_LIMIT_NAMES[name as keyof typeof RATE_LIMIT_NAMES]] = { max, windowSeconds };
  }
  return limits;
}

export function sqlitePath(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : undefined;
}

/**
 * In embedded mode the secret key is made once and kept beside the SQLite file, so that a
 * restart can still read the outbox and the sessions. In production it must be given.
 */
function secretKeyFor(env: Env, databaseUrl: string, production: boolean): string {
  const given = env.SECRET_KEY;
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError('SECRET_KEY must be at least 32 characters');
    return given;
  }
  const path = sqlitePath(databaseUrl);
  if (production || path === undefined || path === ':memory:') {
    throw new ConfigError('SECRET_KEY is required (at least 32 characters)');
  }
  const keyFile = `${resolve(path)}.secret`;
  if (existsSync(keyFile)) {
    const kept = readFileSync(keyFile, 'utf8').trim();
    // An empty or cut file (a full disk, a bad restore) must not become a weak key in silence.
    if (kept.length < 32) {
      throw new ConfigError(
        `the secret key file ${keyFile} is ${kept === '' ? 'empty' : 'shorter than 32 characters'}: ` +
          'restore it from a backup, or set SECRET_KEY (deleting the file makes a new key, and the ' +
          'e-mails waiting in the outbox and every session are then lost)',
      );
    }
    return kept;
  }
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** TLS_CERT_FILE and TLS_KEY_FILE: both or neither, each a file that exists. */
function tlsFiles(env: Env): Config['tls'] {
  const certFile = env.TLS_CERT_FILE || undefined;
  const keyFile = env.TLS_KEY_FILE || undefined;
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE go together: set both or neither');
  }
  for (const [name, file] of [
    ['TLS_CERT_FILE', certFile],
    ['TLS_KEY_FILE', keyFile],
  ] as const) {
    if (!existsSync(file)) throw new ConfigError(`${name}: no file at ${file}`);
  }
  return { certFile, keyFile };
}

export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const tls = tlsFiles(env);
  const databaseUrl = env.DATABASE_URL || 'sqlite:data/contacthub.db';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be sqlite:PATH or postgres://…');
  }
  const production = env.NODE_ENV === 'production';
  const publicUrl = (
    url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `${tls ? 'https' : 'http'}://${host}:${port}`
  ).replace(/\/+$/, '');
  const webhookUrl = url(env, 'WEBHOOK_URL', ['http:', 'https:']);
  const webhookSecret = env.WEBHOOK_SECRET || undefined;
  if (webhookUrl && !webhookSecret) throw new ConfigError('WEBHOOK_URL needs WEBHOOK_SECRET');
  const adminToken = env.ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN must be at least 16 characters');
  }
  const nichandleSuffix = env.NICHANDLE_SUFFIX || 'ch';
  if (!/^[a-z0-9]{1,16}$/.test(nichandleSuffix)) {
    throw new ConfigError('NICHANDLE_SUFFIX must be 1 to 16 lower-case letters or digits');
  }
  return {
    host,
    port,
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    databasePreparedLookups: onOff(env, 'DATABASE_PREPARED_LOOKUPS', true),
    databaseKeptLookups: onOff(env, 'DATABASE_KEPT_LOOKUPS', true),
    publicUrl,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'contacthub <no-reply@localhost>',
    adminToken,
    requestTtlSeconds: integer(env, 'REQUEST_TTL_SECONDS', 1_209_600, 1, 10 * 365 * 86_400),
    resendCooldownSeconds: integer(env, 'RESEND_COOLDOWN_SECONDS', 60, 0, 86_400),
    secretKey: secretKeyFor(env, databaseUrl, production),
    webhookUrl,
    webhookSecret,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    production,
    nichandleSuffix,
    workerIntervalMs: integer(env, 'WORKER_INTERVAL_MS', 1000, 10, 60_000),
    listingCacheBytes: integer(env, 'LISTING_CACHE_MB', 32, 0, 64 * 1024) * 2 ** 20,
    tls,
    trustProxy: proxies(env),
    rateLimits: rateLimits(env),
  };
}
