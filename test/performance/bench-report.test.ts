import { expect, test } from 'vitest';
import type { Figure } from '../../bench/measure.js';
import { median, renderTable } from '../../bench/report.js';

/** An HTTP figure of the bench, with the bare route's rate measured around it. */
const http = (name: string, rate: number, bareRate?: number, mean = 1): Figure => ({
  name,
  rate,
  mean,
  p50: mean,
  p99: mean,
  peakMiB: 100,
  errors: 0,
  ...(bareRate === undefined ? {} : { bareRate }),
});

const bare = http('bare Fastify route, constant JSON', 30_000);

test('the throughput verdict compares the largest first page with the bare route around it', () => {
  const table = renderTable(
    [
      bare,
      http('list, first page — 1,000 services', 14_000, 30_000),
      http('list, first page — 1,000,000 services', 12_000, 20_000),
    ],
    [],
  );
  // 12,000 / 20,000, the rate around that figure, not the 30,000 of the first bare figure.
  expect(table).toContain(
    '- listing throughput, client taking br or gzip, largest account: 12,000 pages/s, 0.60× ' +
      'the bare route measured around it (target ≥ 0.5×: met).',
  );
  expect(table).toContain('| list, first page — 1,000,000 services | 12,000 |');
  expect(table).toContain('| 0.60× | 20,000 |');
});

test('the median line takes every kept listing page and leaves out serviceInfos and cache off', () => {
  const table = renderTable(
    [
      bare,
      http('list, first page — 1,000 services', 9_000, 20_000), // 0.45
      http('list, deep page (cursor) — 1,000', 11_000, 20_000), // 0.55
      http('list, search "7.ex" — 1,000', 12_000, 20_000), // 0.60
      http('list, type filter zone — 1,000', 8_000, 20_000), // 0.40
      http('list, first page, no Accept-Encoding — 1,000,000 services', 10_400, 20_000), // 0.52
      http('serviceInfos — account of 1,000', 1_000, 20_000),
      http('list, first page, cache off — 1,000 services', 500, 20_000),
    ],
    [],
  );
  expect(table).toContain(
    '- listing throughput, median of the 5 kept-page figures (every size and query): 0.52× ' +
      'the bare route around each (target ≥ 0.5×: met).',
  );
});

test('the median line says NOT met below half, and is absent without kept pages', () => {
  const below = renderTable(
    [
      bare,
      http('list, first page — 1,000 services', 9_000, 20_000),
      http('list, deep page (cursor) — 1,000', 9_800, 20_000),
    ],
    [],
  );
  expect(below).toContain('median of the 2 kept-page figures (every size and query): 0.47×');
  expect(below).toContain('(target ≥ 0.5×: NOT met)');
  expect(renderTable([bare], [])).not.toContain('median of the');
});

test('median of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeUndefined();
});

test('a latency verdict shows how fast the host was around each of the two figures', () => {
  const table = renderTable(
    [
      bare,
      http('list, first page, cache off — 1,000 services', 1_200, 30_000, 8),
      http('list, first page, cache off — 1,000,000 services', 1_000, 15_000, 10),
    ],
    [],
  );
  expect(table).toContain(
    '- listing latency, page computed (cache off), largest account vs 1,000 services: mean ' +
      '10.00 ms vs 8.00 ms (1.25×, target ≤ 1.5×: met); the bare route around them: 15,000 vs ' +
      '30,000 a second.',
  );
});

test('the in-process figures get their own verdicts and count among no kept pages', () => {
  const inProcess = (label: string, size: string, mean: number): Figure => ({
    name: `in-process, one at a time: ${label} — ${size} services`,
    rate: 1000 / mean,
    mean,
    p50: mean,
    p99: mean,
    errors: 0,
  });
  const table = renderTable(
    [
      bare,
      http('list, first page — 1,000 services', 15_000, 30_000),
      inProcess('search matching one name', '1,000', 0.1),
      inProcess('search matching one name', '1,000,000', 0.2),
      inProcess('search matching one name in a thousand', '1,000', 0.1),
      inProcess('search matching one name in a thousand', '100,000', 0.3),
      inProcess('search matching one name in a thousand', '1,000,000', 0.33),
    ],
    [],
  );
  expect(table).toContain(
    '- search matching one name, in-process, one at a time, largest account vs 1,000 services: ' +
      'mean 0.20 ms vs 0.10 ms (2.00×, target ≤ 1.5×: NOT met).',
  );
  expect(table).toContain(
    '- the same search, in-process, one at a time, largest account vs 100,000 services (a full ' +
      'page at both): mean 0.33 ms ' +
      'vs 0.30 ms (1.10×, target ≤ 1.5×: met).',
  );
  expect(table).toContain('median of the 1 kept-page figures');
  expect(table).toContain(
    '| in-process, one at a time: search matching one name — 1,000 services | 10,000 | 0.10 |',
  );
});

test('one name in a thousand: no verdict against the page of one, a verdict between full pages', () => {
  const search = (size: string, mean: number) =>
    http(
      `list, search matching one name in a thousand, cache off — ${size} services`,
      1,
      20_000,
      mean,
    );
  const table = renderTable(
    [bare, search('1,000', 2), search('100,000', 7), search('1,000,000', 14)],
    [],
  );
  expect(table).toContain(
    '- search for a string one name in a thousand contains (cache off), largest account vs ' +
      '1,000 services: mean 14.00 ms vs 2.00 ms (7.00×, a page of one at 1,000 services against ' +
      'a full page: no verdict, see the next line)',
  );
  // The full pages at 100,000 and 1,000,000 services still get their verdict, and can fail it.
  expect(table).toContain(
    '- the same search, largest account vs 100,000 services (a full page at both): mean ' +
      '14.00 ms vs 7.00 ms (2.00×, target ≤ 1.5×: NOT met)',
  );
  // In a quick run (BENCH_MAX=20000) the middle account holds 2,000 services: two matches.
  const quick = renderTable(
    [bare, search('1,000', 2), search('2,000', 2), search('20,000', 3)],
    [],
  );
  expect(quick).toContain(
    '- the same search, largest account vs 2,000 services: mean 3.00 ms vs 2.00 ms (1.50×, not ' +
      'full pages in a run this small: no verdict)',
  );
});
