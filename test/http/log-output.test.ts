import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { LogOutput } from '../../src/platform/log-output.js';

let dir: string;
let fd: number;
const file = () => join(dir, 'log');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'contacthub-log-'));
  fd = openSync(file(), 'a');
});
afterEach(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

test('every line arrives once, in order, whatever the size of the lines and blocks', async () => {
  const output = new LogOutput(fd, { blockChars: 1000 });
  const lines = Array.from(
    { length: 5000 },
    (_, i) => `{"n":${i},"pad":"${'é'.repeat(i % 300)}"}\n`,
  );
  for (const [i, line] of lines.entries()) {
    output.write(line);
    // Some lines are written while earlier blocks are still being written.
    if (i % 1000 === 0) await sleep(1);
    // pino's logger.flush(cb): the lines so far are in the file when it calls back.
    if (i === 2500) {
      await new Promise<void>((resolve) => output.flush(resolve));
      expect(readFileSync(file(), 'utf8')).toBe(lines.slice(0, 2501).join(''));
    }
  }
  await output.close();
  expect(readFileSync(file(), 'utf8')).toBe(lines.join(''));
});

test('a quiet server’s line is written within the interval, without waiting for a block', async () => {
  const output = new LogOutput(fd, { blockChars: 1_000_000, everyMs: 50 });
  output.write('{"msg":"alone"}\n');
  expect(readFileSync(file(), 'utf8')).toBe('');
  let seen = '';
  for (let i = 0; i < 100 && seen === ''; i++) {
    await sleep(20);
    seen = readFileSync(file(), 'utf8');
  }
  expect(seen).toBe('{"msg":"alone"}\n');
  await output.close();
});
