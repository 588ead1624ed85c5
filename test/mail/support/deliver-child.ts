/**
 * A contacthub process that only delivers the outbox, for the crash test: started with tsx on
 * the test's database and SMTP server, at the test's clock, and killed with SIGKILL mid-way.
 */
import { openApp } from '../../../src/app.js';
import { ManualClock } from '../../../src/platform/clock.js';
import { loadConfig } from '../../../src/platform/config.js';

const app = await openApp(loadConfig(), {
  clock: new ManualClock(Number(process.env.CLOCK_MS)),
  migrate: false,
});
process.stdout.write('started\n');
await app.worker.drain();
await app.close();
process.stdout.write('drained\n');
