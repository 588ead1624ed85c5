import type { Command } from 'commander';
import { listOutbox, retryOutbox, type OutboxEntry } from '../../outbox/manage-outbox.js';
import { invalidInput } from '../../shared/errors.js';
import { printResult, type Output } from '../output.js';
import { withApp } from '../run-with-app.js';

const COLUMNS: [string, (e: OutboxEntry) => string][] = [
  ['ID', (e) => String(e.id)],
  ['CHANNEL', (e) => e.channel],
  ['STATE', (e) => e.state],
  ['RECIPIENT', (e) => e.recipient],
  ['TEMPLATE', (e) => e.template],
  ['REQUEST', (e) => (e.requestId === null ? '-' : String(e.requestId))],
  ['ATTEMPTS', (e) => String(e.attempts)],
  ['NEXT ATTEMPT', (e) => e.nextAttemptAt ?? '-'],
  ['LAST ERROR', (e) => e.lastError ?? '-'],
];

function table(entries: OutboxEntry[]): string {
  const cells = [COLUMNS.map(([h]) => h), ...entries.map((e) => COLUMNS.map(([, f]) => f(e)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `outbox list` and `outbox retry`: what operators need to follow deliveries (issue 4). */
export function registerOutboxCommands(program: Command, output: Output): void {
  const outbox = program
    .command('outbox')
    .description('e-mails and webhooks waiting, failed or sent');
  outbox
    .command('list')
    .description('list deliveries, newest first (pending and failed unless --state is given)')
    .option('--state <state>', 'pending, failed, sent or cancelled')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print the result as JSON')
    .action(async (o: { state?: string; limit: string; json?: boolean }) => {
      if (!/^\d+$/.test(o.limit)) throw invalidInput('--limit must be a whole number');
      const entries = await withApp((app) =>
        listOutbox(app.ctx, { state: o.state, limit: Number(o.limit) }),
      );
      if (o.json) printResult(output, true, entries, '');
      else output.out(entries.length ? table(entries) : 'no delivery to show');
    });
  outbox
    .command('retry')
    .description('send a failed (or waiting) delivery again at the next worker tick')
    .argument('<id>', 'outbox id, from `outbox list`')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const entry = await withApp((app) => retryOutbox(app.ctx, id));
      printResult(output, o.json, entry, `delivery ${entry.id} will be sent again`);
    });
}
