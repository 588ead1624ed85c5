import { BATCH_PHASES, BATCH_PREFIX, BATCH_TARGET_SIZE, BATCH_TOTAL } from './batch-flow.js';
import type { Figure } from './measure.js';

const num = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** The name of the listing figure measured with a client that asks for no compression. */
export const UNCOMPRESSED = 'list, first page, no Accept-Encoding';
/** The name of the figure searching, cache off, for a string no service name contains. */
export const RARE = 'list, search matching nothing, cache off';
/** The name of the figure searching, cache off, for a string one service name contains. */
export const ONE = 'list, search matching one name, cache off';
/** The name of the figure searching, cache off, for a string one name in a thousand contains. */
export const THOUSANDTH = 'list, search matching one name in a thousand, cache off';

/** The prefix of the in-process figures (one-at-a-time.ts): one query at a time, no HTTP. */
export const ONE_AT_A_TIME = 'in-process, one at a time';
/** The queries measured in-process, one at a time, in the order measured. */
export const IN_PROCESS = [
  'first page computed',
  'search matching nothing',
  'search matching one name',
  'search matching one name in a thousand',
] as const;

/** Services an account needs for one name in a thousand to fill a page of 50. */
const FULL_PAGE_SERVICES = 50_000;

/** What the report says instead of a verdict where the smaller account's answer is a page of one. */
const UNEQUAL_PAGES =
  'a page of one at 1,000 services against a full page: no verdict, see the next line';

/** The bench's table, in Markdown, with SPEC §9's targets checked underneath. */
export function renderTable(figures: Figure[], notes: string[]): string {
  const bare = figures.find((f) => f.name === 'bare Fastify route, constant JSON');
  const lines = [
    '| measure | per second | mean ms | p50 ms | p99 ms | peak RSS MiB | vs bare route | bare route around it |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const f of figures) {
    const http = f.peakMiB !== undefined;
    lines.push(
      `| ${f.name}${f.note ? ` (${f.note})` : ''}${f.errors ? ` — ${f.errors} errors` : ''} | ` +
        `${num(f.rate)} | ${num(f.mean ?? NaN, 2)} | ${num(f.p50, 2)} | ${num(f.p99, 2)} | ` +
        `${http ? num(f.peakMiB!, 0) : '—'} | ${ratio(http, f, bare)} | ${f.bareRate ? num(f.bareRate) : '—'} |`,
    );
  }
  lines.push('');
  const sizes = (prefix: string) => figures.filter((f) => f.name.startsWith(prefix));
  /** `target`: true for a verdict, or why the two figures are compared without one. */
  const latency = (prefix: string, label: string, target: true | string) => {
    const [small, ...rest] = sizes(prefix);
    const big = rest.at(-1);
    if (!small?.mean || !big?.mean) return;
    const times = big.mean / small.mean;
    const verdict = target === true ? `target ≤ 1.5×: ${times <= 1.5 ? 'met' : 'NOT met'}` : target;
    lines.push(
      `- ${label}, largest account vs 1,000 services: mean ${num(big.mean, 2)} ms vs ` +
        `${num(small.mean, 2)} ms (${num(times, 2)}×, ${verdict})${hostSpeed(big, small)}.`,
    );
  };
  latency('list, first page, cache off — ', 'listing latency, page computed (cache off)', true);
  latency(
    'list, first page — ',
    'listing latency, page kept',
    'no query runs: what differs is the load of the moment',
  );
  latency(`${RARE} — `, 'search for a string no name contains (cache off)', true);
  latency(`${ONE} — `, 'search for a string one name contains (cache off)', true);
  // At 1,000 services that string is in one name, a page of one; from 100,000 on, the page is
  // full. Set against the page of one, the full page's own cost would fail any size of account;
  // the verdict compares two full pages, what the account's size alone changes (decisions 073
  // and 077).
  latency(
    `${THOUSANDTH} — `,
    'search for a string one name in a thousand contains (cache off)',
    UNEQUAL_PAGES,
  );
  const fullPages = (prefix: string, label: string) => {
    const [, middle, ...larger] = sizes(prefix);
    const largest = larger.at(-1);
    if (!middle?.mean || !largest?.mean) return;
    const times = largest.mean / middle.mean;
    const middleSize = middle.name.split(' — ')[1];
    // A quick run (BENCH_MAX) has accounts too small for the string to fill a page.
    const full = Number(middleSize?.replace(/\D/g, '')) >= FULL_PAGE_SERVICES;
    const verdict = full
      ? `target ≤ 1.5×: ${times <= 1.5 ? 'met' : 'NOT met'}`
      : 'not full pages in a run this small: no verdict';
    lines.push(
      `- ${label}, largest account vs ${middleSize}${full ? ' (a full page at both)' : ''}: ` +
        `mean ${num(largest.mean, 2)} ms vs ${num(middle.mean, 2)} ms (${num(times, 2)}×, ` +
        `${verdict})${hostSpeed(largest, middle)}.`,
    );
  };
  fullPages(`${THOUSANDTH} — `, 'the same search');
  // The same queries in-process, one at a time: what they cost without HTTP and concurrency.
  for (const label of IN_PROCESS) {
    latency(
      `${ONE_AT_A_TIME}: ${label} — `,
      `${label}, ${ONE_AT_A_TIME}`,
      label === IN_PROCESS[3] ? UNEQUAL_PAGES : true,
    );
  }
  fullPages(`${ONE_AT_A_TIME}: ${IN_PROCESS[3]} — `, `the same search, ${ONE_AT_A_TIME}`);
  const throughput = (prefix: string, label: string) => {
    const big = sizes(prefix).at(-1);
    if (!big || !bare) return;
    const times = big.rate / (big.bareRate ?? bare.rate);
    lines.push(
      `- ${label}, largest account: ${num(big.rate)} pages/s, ${num(times, 2)}× the ` +
        `bare route measured around it (target ≥ 0.5×: ${times >= 0.5 ? 'met' : 'NOT met'}).`,
    );
  };
  throughput('list, first page — ', 'listing throughput, client taking br or gzip');
  throughput(`${UNCOMPRESSED} — `, 'listing throughput, client taking no compression');
  // Every kept page runs the same path whatever its query and account (no query runs), so the
  // median of their ratios is a steadier reading of that path than any one figure.
  const kept = figures.filter((f) => f.bareRate !== undefined && isKeptListing(f.name));
  const keptMedian = median(kept.map((f) => f.rate / f.bareRate!));
  if (keptMedian !== undefined) {
    lines.push(
      `- listing throughput, median of the ${kept.length} kept-page figures (every size and ` +
        `query): ${num(keptMedian, 2)}× the bare route around each ` +
        `(target ≥ 0.5×: ${keptMedian >= 0.5 ? 'met' : 'NOT met'}).`,
    );
  }
  // SPEC §9's bulk target: a batch of 1,000 made, e-mailed, accepted by both and applied in 10 s.
  const total = figures.find(
    (f) => f.name.startsWith(BATCH_PREFIX) && f.name.endsWith(BATCH_TOTAL),
  );
  if (total?.mean !== undefined) {
    const label = total.name.slice(0, total.name.indexOf(':'));
    const phases = BATCH_PHASES.map((phase) => {
      const f = figures.find((g) => g.name === `${label}: ${phase}`);
      return `${phase.split(' ')[0]} ${num((f?.mean ?? NaN) / 1000, 2)} s`;
    });
    const size = Number(label.replace(/\D/g, ''));
    const verdict =
      size === BATCH_TARGET_SIZE
        ? `target ≤ 10 s: ${total.mean <= 10_000 ? 'met' : 'NOT met'}`
        : `not the target's ${num(BATCH_TARGET_SIZE)} in a run this small: no verdict`;
    lines.push(
      `- bulk change, ${label}: ${phases.join(', ')}; in all ${num(total.mean / 1000, 2)} s ` +
        `(${verdict}).`,
    );
  }
  for (const note of notes) lines.push(`- ${note}`);
  return lines.join('\n');
}

/**
 * The bare route's rates around two figures compared by latency: a latency measures the host's
 * speed of the moment as well, and the bare route shows how far it moved between the two.
 */
function hostSpeed(big: Figure, small: Figure): string {
  if (big.bareRate === undefined || small.bareRate === undefined) return '';
  return `; the bare route around them: ${num(big.bareRate)} vs ${num(small.bareRate)} a second`;
}

/** Whether a figure is a listing page served from the page cache (not serviceInfos, not cache off). */
export function isKeptListing(name: string): boolean {
  return name.startsWith('list, ') && !name.includes('cache off');
}

/** The median of some numbers; undefined when there are none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A figure's rate over the bare route's: the one measured around it when there is one. */
function ratio(http: boolean, f: Figure, bare: Figure | undefined): string {
  if (!http || !bare) return '—';
  return `${num(f.rate / (f.bareRate ?? bare.rate), 2)}×`;
}
