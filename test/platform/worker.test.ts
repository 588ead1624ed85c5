import { expect, test } from 'vitest';
import { Worker, type Job, type WorkerLogger } from '../../src/platform/worker.js';

/** Decision 108: a busy or unreachable database is retried quietly; other failures are errors. */
function recordingLogger() {
  const lines: { level: string; message: string; details: object }[] = [];
  const at =
    (level: string) =>
    (details: object, message: string): void =>
      void lines.push({ level, message, details });
  const logger: WorkerLogger = { error: at('error'), warn: at('warn'), info: at('info') };
  return { logger, lines };
}

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

test('a busy database: one warning for the outage, one line when it is back, the work done', async () => {
  const { logger, lines } = recordingLogger();
  let failuresLeft = 3;
  let done = 0;
  let waiting = 2;
  const job: Job = {
    name: 'apply',
    runOnce() {
      if (failuresLeft > 0) {
        failuresLeft--;
        return Promise.reject(busy());
      }
      if (waiting === 0) return Promise.resolve(false);
      waiting--;
      done++;
      return Promise.resolve(true);
    },
  };
  const worker = new Worker([job], 10, logger);
  worker.start();
  await expect.poll(() => done, { timeout: 5_000 }).toBe(2);
  await worker.stop();
  expect(lines.map((l) => [l.level, l.message])).toEqual([
    ['warn', 'database unavailable, background jobs will retry'],
    ['info', 'database available again, background jobs resumed'],
  ]);
  expect(lines[0]!.details).toMatchObject({ job: 'apply', code: 'SQLITE_BUSY' });
  expect(JSON.stringify(lines[0]!.details)).not.toContain('at '); // no stack
});

test('any other failure is still an error, with its cause', async () => {
  const { logger, lines } = recordingLogger();
  let calls = 0;
  const job: Job = {
    name: 'apply',
    runOnce: () => (calls++ === 0 ? Promise.reject(new Error('bug')) : Promise.resolve(false)),
  };
  const worker = new Worker([job], 10, logger);
  worker.start();
  await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(1);
  await worker.stop();
  expect(lines.map((l) => [l.level, l.message])).toEqual([['error', 'background job failed']]);
});

test('a job that uses its whole turn is looked at again at once, not after the interval', async () => {
  const { logger } = recordingLogger();
  let left = 250;
  const job: Job = {
    name: 'apply',
    runOnce: () => Promise.resolve(left > 0 && left-- > 0),
  };
  // An interval of an hour: only the looks the worker takes at once can finish the 250 items.
  const worker = new Worker([job], 3_600_000, logger);
  worker.start();
  await expect.poll(() => left, { timeout: 5_000 }).toBe(0);
  await worker.stop();
});

test('a job with nothing left waits for the interval', async () => {
  const { logger } = recordingLogger();
  let looks = 0;
  const job: Job = {
    name: 'apply',
    runOnce: () => {
      looks++;
      return Promise.resolve(false);
    },
  };
  const worker = new Worker([job], 3_600_000, logger);
  worker.start();
  await expect.poll(() => looks, { timeout: 5_000 }).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(looks).toBe(1);
  await worker.stop();
});
