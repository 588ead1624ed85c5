import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { applyNextChange } from './apply-change.js';
import { expireNextChange } from './expire-changes.js';

export function contactChangeJobs(ctx: AppContext): Job[] {
  return [
    { name: 'apply-change', runOnce: () => applyNextChange(ctx) },
    { name: 'expire-change', runOnce: () => expireNextChange(ctx) },
  ];
}
