import { contactChangeJobs } from './contact-changes/jobs.js';
import { emailDeliveryJob } from './mail/deliver-email.js';
import type { Clock } from './platform/clock.js';
import { systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { createContext, type AppContext } from './platform/context.js';
import { openDatabase } from './platform/database/database.js';
import { migrateToLatest } from './platform/database/migrate.js';
import { Worker, type Job, type WorkerLogger } from './platform/worker.js';
import { webhookDeliveryJob } from './webhooks/deliver-webhook.js';
import { feedRelayJob } from './webhooks/relay-feed.js';
import { profileJobs } from './profile/jobs.js';

/** The running core of contacthub, without HTTP: what `serve`, the command line and tests share. */
export interface App {
  readonly ctx: AppContext;
  readonly worker: Worker;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  clock?: Clock;
  logger?: WorkerLogger;
  /** Apply pending migrations first (serve does; other commands expect a migrated database). */
  migrate?: boolean;
  poolSize?: number;
}

const silentLogger: WorkerLogger = { error: () => {}, warn: () => {}, info: () => {} };

/** Every background job of the process, in the order a tick runs them. */
export function backgroundJobs(ctx: AppContext): Job[] {
  return [
    ...contactChangeJobs(ctx),
    ...profileJobs(ctx),
    emailDeliveryJob(ctx),
    webhookDeliveryJob(ctx),
    feedRelayJob(ctx),
  ];
}

export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const database = openDatabase(config.databaseUrl, {
    poolSize: options.poolSize ?? config.databasePoolSize,
    preparedLookups: config.databasePreparedLookups,
    keptLookups: config.databaseKeptLookups,
  });
  try {
    if (options.migrate !== false) await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const base = createContext(database, config, options.clock ?? systemClock);
  const worker = new Worker([], config.workerIntervalMs, options.logger ?? silentLogger);
  const ctx: AppContext = { ...base, wakeWorker: () => worker.wake() };
  backgroundJobs(ctx).forEach((job) => worker.add(job));
  return {
    ctx,
    worker,
    async close() {
      await worker.stop();
      await database.close();
    },
  };
}
