import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { openApp, type App } from '../../app.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../demo/demo-data.js';
import { httpJobs } from '../../server/jobs.js';
import { buildServer } from '../../server/server.js';
import { ConfigError, loadConfig, sqlitePath, type Config } from '../../platform/config.js';
import { LogOutput } from '../../platform/log-output.js';
import type { WorkerLogger } from '../../platform/worker.js';
import type { Output } from '../output.js';
import { MAILBOX_READERS } from '../../web/mailbox.routes.js';

/** Where e-mails go, said without the SMTP password. */
export function mailDestination(config: Config): string {
  if (config.smtpUrl) {
    const smtp = new URL(config.smtpUrl);
    return `SMTP ${smtp.protocol}//${smtp.host}`;
  }
  return config.production
    ? 'built-in mailbox (no SMTP_URL; /dev/mailbox is off in production)'
    : `built-in mailbox, read at ${config.publicUrl}/dev/mailbox ${MAILBOX_READERS}`;
}

interface Running {
  app: App;
  server: FastifyInstance;
  /** Resolves once the server has stopped after SIGTERM or SIGINT. */
  stopped: Promise<void>;
}

/**
 * Opens the application (migrations first), starts the worker and listens. On SIGTERM or
 * SIGINT: stop accepting, let requests in flight finish, stop the worker between two items,
 * close the database.
 */
export async function startServing(config: Config, output: Output): Promise<Running> {
  let server: FastifyInstance | undefined;
  const workerLogger: WorkerLogger = {
    error: (details, message) => server?.log.error(details, message),
    warn: (details, message) => server?.log.warn(details, message),
    info: (details, message) => server?.log.info(details, message),
  };
  const app = await openApp(config, { migrate: true, logger: workerLogger });
  // Log lines leave in blocks, and at least every second so that a quiet server's lines are not
  // held back; what waits is written when the server stops, and at exit. A reader that falls
  // behind (a stuck pipe) costs at most 16 MiB of held lines, then lines are dropped rather than
  // memory grown without end (log-output.ts).
  const logStream = new LogOutput(1);
  const flushLogs = () => logStream.flushSync();
  process.once('exit', flushLogs);
  try {
    server = await buildServer(app, { logStream });
    await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    await server?.close();
    await app.close();
    throw error;
  }
  httpJobs(app.ctx).forEach((job) => app.worker.add(job));
  app.worker.start();
  // The signal handlers are in place before the line that says the server listens: a SIGTERM
  // sent as soon as that line is read stops it cleanly rather than by the default action.
  const running = server;
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      output.out(`contacthub: ${signal} received, stopping`);
      void (async () => {
        try {
          await running.close();
        } finally {
          await app.close();
          await logStream.close();
          process.off('exit', flushLogs);
          process.off('SIGTERM', onTerm);
          process.off('SIGINT', onInt);
          resolve();
        }
      })();
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  const address = server.server.address();
  // TLS_CERT_FILE and TLS_KEY_FILE: buildServer serves HTTPS directly.
  const scheme = config.tls ? 'https' : 'http';
  const where =
    address !== null && typeof address === 'object'
      ? `${scheme}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : `${scheme}://${config.host}:${config.port}`;
  output.out(`contacthub listening on ${where} (public URL ${config.publicUrl})`);
  output.out(`API documentation: ${config.publicUrl}/api/docs`);
  output.out(`mail: ${mailDestination(config)}`);

  return { app, server: running, stopped };
}

/** The demo runs on its own SQLite file and the built-in mailbox, whatever DATABASE_URL says. */
export function demoConfig(env: Record<string, string | undefined> = process.env): Config {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError('demo data is off when NODE_ENV=production; use serve');
  }
  const given = env.DATABASE_URL;
  const databaseUrl = given && sqlitePath(given) !== undefined ? given : 'sqlite:data/demo.db';
  return loadConfig({ ...env, DATABASE_URL: databaseUrl, SMTP_URL: '' });
}

export function registerServeCommands(program: Command, output: Output): void {
  program
    .command('serve')
    .description('apply pending migrations, then serve the API and web UI on HOST:PORT')
    .action(async () => {
      const { stopped } = await startServing(loadConfig(), output);
      await stopped;
    });

  program
    .command('demo')
    .description(
      'serve with demo accounts and services on an embedded SQLite file and the built-in mailbox',
    )
    .action(async () => {
      const config = demoConfig();
      const { app, stopped } = await startServing(config, output);
      const created = await seedDemo(app.ctx);
      output.out(
        `demo data: ${created.accounts} accounts and ${created.services} services created` +
          ` (in ${config.databaseUrl})`,
      );
      output.out(`log in at ${config.publicUrl}/login with password ${DEMO_PASSWORD}:`);
      for (const account of DEMO_ACCOUNTS) {
        output.out(`  ${account.nichandle.padEnd(14)} ${account.name} — ${account.role}`);
      }
      await stopped;
    });
}
