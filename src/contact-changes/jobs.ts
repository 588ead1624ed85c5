import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { applyNextChanges } from './apply-change.js';
import { expireNextChange } from './expire-changes.js';

/** Requests one item of the apply job applies (decision 107): a tick applies up to 1,000. */
export const APPLIED_PER_ITEM = 10;

export function contactChangeJobs(ctx: AppContext): Job[] {
  return [
    {
      name: 'apply-change',
      runOnce: async () => (await applyNextChanges(ctx, APPLIED_PER_ITEM)) > 0,
    },
    { name: 'expire-change', runOnce: () => expireNextChange(ctx) },
  ];
}
