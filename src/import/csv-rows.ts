import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { invalidInput } from '../shared/errors.js';

/** One data row of an import file, by column name, with the line it ends on (1 = the header). */
export interface CsvRow {
  line: number;
  fields: Record<string, string>;
}

/** A row the import refused, and why. */
export interface BadRow {
  line: number;
  message: string;
}

export interface Columns {
  required: readonly string[];
  optional: readonly string[];
}

/**
 * Streams the rows of a CSV file whose header line names its columns (SPEC §8). The header is
 * checked first: a missing required column or an unknown one refuses the whole file. A row with
 * the wrong number of fields is yielded as a bad row so that the importer reports its line and
 * goes on; a broken file (an unclosed quote) stops the stream with an error naming the line.
 */
export async function* readCsvRows(
  source: Readable,
  columns: Columns,
): AsyncGenerator<CsvRow | BadRow> {
  const parser = source.pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  // A read error (EACCES, EISDIR) must end the loop below rather than leave it waiting.
  source.on('error', (error) => parser.destroy(error));
  let header: string[] | undefined;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = item;
    if (header === undefined) {
      header = checkHeader(record, columns);
      continue;
    }
    if (record.length !== header.length) {
      yield {
        line: info.lines,
        message: `expected ${header.length} fields (${header.join(',')}), found ${record.length}`,
      };
      continue;
    }
    const fields: Record<string, string> = {};
    header.forEach((name, i) => (fields[name] = record[i] ?? ''));
    yield { line: info.lines, fields };
  }
  if (header === undefined) throw invalidInput('the file is empty: it needs a header line');
}

function checkHeader(record: string[], columns: Columns): string[] {
  const header = record.map((name) => name.trim());
  const known = new Set([...columns.required, ...columns.optional]);
  const unknown = header.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw invalidInput(
      `line 1: unknown column ${unknown.join(', ')}; columns are ${[...known].join(',')}`,
    );
  }
  const missing = columns.required.filter((name) => !header.includes(name));
  if (missing.length > 0) throw invalidInput(`line 1: missing column ${missing.join(', ')}`);
  if (new Set(header).size !== header.length) throw invalidInput('line 1: a column appears twice');
  return header;
}

export function isBadRow(row: CsvRow | BadRow): row is BadRow {
  return 'message' in row;
}

/** The value of an optional column: undefined when absent or empty, as the operator API. */
export function optional(fields: Record<string, string>, name: string): string | undefined {
  const value = fields[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
