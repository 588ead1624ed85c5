import type { Config } from './config.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { SecretBox } from './crypto.js';
import type { Database } from './database/database.js';

/**
 * What every use-case needs: the database, the configuration, the time and the key that seals
 * secrets. `wakeWorker` lets a use-case ask the in-process worker to run now rather than at its
 * next tick (after the last accept, say); other processes find the work at their own tick.
 */
export interface AppContext {
  readonly database: Database;
  readonly config: Config;
  readonly clock: Clock;
  readonly box: SecretBox;
  wakeWorker(): void;
}

export function createContext(
  database: Database,
  config: Config,
  clock: Clock = systemClock,
): AppContext {
  return {
    database,
    config,
    clock,
    box: new SecretBox(config.secretKey),
    wakeWorker: () => {},
  };
}
