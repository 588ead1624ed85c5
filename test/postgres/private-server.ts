import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);

/**
 * A PostgreSQL server of a test's own (initdb in a temporary directory, its own port), for what
 * must not be done to the shared test server: restarting it in the middle of traffic.
 */
export interface PrivateServer {
  url(database: string): string;
  /**
   * Stops the server (`-m fast`: every connection is closed), leaves it down for `downMs` (new
   * connections are refused), then starts it again.
   */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

const isRoot = () => process.getuid?.() === 0;

/** Whether this machine can run one: the server binaries, and a user initdb accepts. */
export function canRunPrivateServer(): boolean {
  return binDir() !== undefined;
}

/** initdb refuses to run as root: as root, the server runs as the `postgres` user. */
async function asServerUser(command: string, args: string[]): Promise<void> {
  if (isRoot()) await run('runuser', ['-u', 'postgres', '--', command, ...args]);
  else await run(command, args);
}

export async function startPrivateServer(): Promise<PrivateServer> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (set PG_BINDIR)');
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-pg-'));
  if (isRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  const pgCtl = (...args: string[]) =>
    asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', ...args]);
  // The port is free when chosen, but another process may take it before the server binds it
  // (test files run two at a time, decision 042): then the start fails, and another port is tried.
  let port = 0;
  let options = '';
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    try {
      await pgCtl('-o', options, 'start');
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async restart(downMs = 0) {
      await pgCtl('-m', 'fast', 'stop');
      await new Promise((r) => setTimeout(r, downMs));
      await pgCtl('-o', options, 'start');
    },
    async stop() {
      await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
