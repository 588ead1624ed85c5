import { purgeExpiredSessions } from '../auth/sessions.js';
import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { purgeRateLimits } from './rate-limit.js';

/** How often a process sweeps expired sessions and old rate-limit counters. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Housekeeping of the HTTP side, added to the worker by `serve`: expired sessions and rate-limit
 * counters whose window is long past. At most once a minute per process; any process may do it.
 */
export function httpJobs(ctx: AppContext): Job[] {
  const every = (name: string, work: (ctx: AppContext) => Promise<boolean>): Job => {
    let last = -Infinity;
    return {
      name,
      async runOnce() {
        const now = ctx.clock.now();
        if (now - last < SWEEP_EVERY_MS) return false;
        last = now;
        await work(ctx);
        // One sweep is one item: it never asks to be run again at once.
        return false;
      },
    };
  };
  return [
    every('purge expired sessions', purgeExpiredSessions),
    every('purge rate-limit counters', purgeRateLimits),
  ];
}
