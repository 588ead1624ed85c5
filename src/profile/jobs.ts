import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { expireNextEmailChange } from './expire-email-changes.js';

export function profileJobs(ctx: AppContext): Job[] {
  return [{ name: 'expire-email-change', runOnce: () => expireNextEmailChange(ctx) }];
}
