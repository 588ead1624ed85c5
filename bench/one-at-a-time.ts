import type { AppContext } from '../src/platform/context.js';
import { listServicesOf } from '../src/services/list-services.js';
import { RARE_SEARCH, ONE_SEARCH, THOUSANDTH_SEARCH, type Holder } from './build-data.js';
import { percentile, type Figure } from './measure.js';
import { IN_PROCESS, ONE_AT_A_TIME } from './report.js';

const CALLS = 200;

/**
 * The computed first page and the three searches, in-process through the domain function, one
 * call after another, each query at the three sizes in turn: what the queries themselves cost,
 * apart from HTTP, the load generator and most of the host's drift (decision 061).
 */
export async function measureOneAtATime(ctx: AppContext, holders: Holder[]): Promise<Figure[]> {
  const [first, nothing, one, thousandth] = IN_PROCESS;
  const queries: [string, { search?: string }][] = [
    [first, {}],
    [nothing, { search: RARE_SEARCH }],
    [one, { search: ONE_SEARCH }],
    [thousandth, { search: THOUSANDTH_SEARCH }],
  ];
  const figures: Figure[] = [];
  for (const [label, query] of queries) {
    for (const holder of holders) {
      for (let i = 0; i < 20; i++) await listServicesOf(ctx, holder.nichandle, query);
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        await listServicesOf(ctx, holder.nichandle, query);
        times.push(performance.now() - t0);
      }
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      times.sort((a, b) => a - b);
      figures.push({
        name: `${ONE_AT_A_TIME}: ${label} — ${holder.size.toLocaleString('en')} services`,
        rate: 1000 / mean,
        mean,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        errors: 0,
      });
    }
  }
  return figures;
}
