import type { Figure } from './measure.js';

const num = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** The bench's table, in Markdown, with SPEC §9's targets checked underneath. */
export function renderTable(figures: Figure[], notes: string[]): string {
  const bare = figures.find((f) => f.name === 'bare Fastify route, constant JSON');
  const barePage = figures.find((f) => f.name === 'bare Fastify route, constant 50-item page');
  const lines = [
    '| measure | per second | p50 ms | p99 ms | peak RSS MiB | vs bare route | vs bare page | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const f of figures) {
    const http = f.peakMiB !== undefined;
    lines.push(
      `| ${f.name}${f.note ? ` (${f.note})` : ''} | ${num(f.rate)} | ${num(f.p50, 2)} | ${num(f.p99, 2)} | ` +
        `${http ? num(f.peakMiB!, 0) : '—'} | ${ratio(http, f, bare)} | ${ratio(http, f, barePage)} | ${f.errors} |`,
    );
  }
  lines.push('');
  const first = (size: string) =>
    figures.find((f) => f.name.startsWith('list, first page') && f.name.includes(`— ${size} `));
  const small = first('1,000');
  const big = figures.filter((f) => f.name.startsWith('list, first page')).at(-1);
  if (small && big && bare && big !== small) {
    const latency = big.p50 / Math.max(small.p50, 0.01);
    const throughput = big.rate / bare.rate;
    const pageThroughput = barePage ? big.rate / barePage.rate : NaN;
    lines.push(
      `- listing, largest account vs 1,000 services: p50 ${num(big.p50, 2)} ms vs ${num(small.p50, 2)} ms ` +
        `(${num(latency, 2)}×, target ≤ 1.5×: ${latency <= 1.5 ? 'met' : 'NOT met'}); ` +
        `${num(big.rate)} vs ${num(small.rate)} requests/s.`,
      `- listing throughput, largest account: ${num(throughput, 2)}× the bare route (target ≥ 0.5×: ${throughput >= 0.5 ? 'met' : 'NOT met'}); ` +
        `${num(pageThroughput, 2)}× the bare route serving the same page (${pageThroughput >= 0.5 ? 'met' : 'NOT met'}).`,
    );
  }
  for (const note of notes) lines.push(`- ${note}`);
  return lines.join('\n');
}

function ratio(http: boolean, f: Figure, reference: Figure | undefined): string {
  return http && reference ? `${num(f.rate / reference.rate, 2)}×` : '—';
}
