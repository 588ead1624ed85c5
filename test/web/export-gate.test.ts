import { expect, test } from 'vitest';
import { ExportGate } from '../../src/web/services-csv.js';

/** Decision 108: how many CSV exports run at once, who waits, who is turned away. */
test('exports past the bound wait their turn in order; too many waiting are turned away', async () => {
  const gate = new ExportGate({ running: 1, waiting: 2, waitMs: 10_000 });
  const first = await gate.enter();
  expect(first).toBeDefined();
  const order: string[] = [];
  const second = gate.enter().then((release) => (order.push('second'), release));
  const third = gate.enter().then((release) => (order.push('third'), release));
  // Two wait already: the next one gets no turn at once (the route answers 503).
  expect(await gate.enter()).toBeUndefined();
  first!();
  first!(); // releasing twice frees one turn only
  const secondRelease = await second;
  expect(order).toEqual(['second']);
  secondRelease!();
  (await third)!();
  expect(order).toEqual(['second', 'third']);
  // Every turn given back: the next one enters at once.
  const again = await gate.enter();
  expect(again).toBeDefined();
  again!();
});

test('a wait ends when its request goes away or its turn does not come in time', async () => {
  const gate = new ExportGate({ running: 1, waiting: 5, waitMs: 50 });
  const held = await gate.enter();
  const gone = new AbortController();
  const leaving = gate.enter(gone.signal);
  gone.abort();
  expect(await leaving).toBeUndefined();
  expect(await gate.enter()).toBeUndefined(); // 50 ms without a turn
  held!();
  // Neither left a place behind in the queue: the turn is free again.
  const next = await gate.enter();
  expect(next).toBeDefined();
  next!();
});
