import { openApp, type App } from '../app.js';
import { loadConfig } from '../platform/config.js';

/**
 * Opens the application for one command and closes it after. Commands other than `migrate` and
 * `serve` apply pending migrations too, so that a first command on a fresh machine just works.
 */
export async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp(loadConfig(), { poolSize: 2 });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
