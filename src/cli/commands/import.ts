import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { AppContext } from '../../platform/context.js';
import { importAccounts } from '../../import/import-accounts.js';
import { importServices } from '../../import/import-services.js';
import type { ImportOptions, ImportSummary, OnError } from '../../import/run-import.js';
import type { Output } from '../output.js';
import { withApp } from '../run-with-app.js';

type Importer = (
  ctx: AppContext,
  source: Readable,
  options: ImportOptions,
) => Promise<ImportSummary>;

interface ImportFlags {
  onError: OnError;
  batchSize: string;
  json?: boolean;
}

/** Thrown once the report is printed: main() prints this one line and exits non-zero. */
export class ImportRefused extends Error {}

/** import accounts FILE, import services FILE (SPEC §8). */
export function registerImportCommands(program: Command, output: Output): void {
  const group = program
    .command('import')
    .description('bulk loads from CSV files whose header names the operator API fields');
  const verb = (name: string, what: string, columns: string, importer: Importer) =>
    group
      .command(name)
      .description(`import ${what} from a CSV file with the header ${columns}`)
      .argument('<file>', 'CSV file, UTF-8, comma-separated, first line the header')
      .addOption(
        new Option('--on-error <mode>', 'skip: import the good rows; abort: import nothing')
          .choices(['skip', 'abort'])
          .default('abort'),
      )
      .option('--batch-size <rows>', 'rows per transaction in skip mode', '5000')
      .option('--json', 'print the summary as JSON')
      .action(async (file: string, flags: ImportFlags) => {
        await runImportCommand(output, file, flags, what, importer);
      });
  verb('accounts', 'accounts', 'nichandle,email,name,language,password', importAccounts);
  verb(
    'services',
    'services',
    'serviceType,serviceName,contactAdmin,contactTech,contactBilling,status',
    importServices,
  );
}

async function runImportCommand(
  output: Output,
  file: string,
  flags: ImportFlags,
  what: string,
  importer: Importer,
): Promise<void> {
  const batchSize = Number(flags.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new ImportRefused('--batch-size must be a whole number from 1 to 100000');
  }
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new ImportRefused(`cannot read ${file}: no such file`);
  }

  const source = createReadStream(file);
  // A bar only where a person watches: on a terminal, never in a pipe, a log or with --json.
  const bar =
    process.stderr.isTTY && !flags.json
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${what} {bar} {percentage}% | {rows} rows | {rate} rows/s | {bad} bad`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(size, 0, { rows: 0, rate: 0, bad: 0 });
  const started = performance.now();

  const summary = await withApp((app) =>
    importer(app.ctx, source, {
      onError: flags.onError,
      batchSize,
      onProgress: (p) =>
        bar?.update(source.bytesRead, {
          rows: p.rows,
          bad: p.badCount,
          rate: Math.round(p.rows / ((performance.now() - started) / 1000)),
        }),
    }),
  ).finally(() => bar?.stop());

  if (flags.json) output.out(JSON.stringify(summary, null, 2));
  else {
    for (const bad of summary.bad) output.err(`line ${bad.line}: ${bad.message}`);
    if (summary.badCount > summary.bad.length) {
      output.err(`… and ${rows(summary.badCount - summary.bad.length, 'more bad row')}`);
    }
  }
  if (summary.refused) {
    throw new ImportRefused(
      `nothing imported: ${rows(summary.badCount, 'bad row')} (fix them, or --on-error skip)`,
    );
  }
  if (!flags.json) {
    const rate = Math.round(summary.rows / Math.max(summary.seconds, 0.001));
    output.out(
      `${summary.imported} ${what} imported from ${summary.rows} rows` +
        (summary.badCount > 0 ? `, ${rows(summary.badCount, 'bad row')} skipped` : '') +
        ` in ${summary.seconds.toFixed(1)} s (${rate} rows/s)`,
    );
  }
}

const rows = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
