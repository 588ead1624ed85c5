import { expect, test } from 'vitest';
import { SharedReads } from '../../src/platform/database/lookups.js';

/*
 * Decision 069: concurrent lookups of the same row share a read, but no caller is ever answered
 * by a read sent before it asked (that read may predate a revocation the caller must see).
 */

/** Reads whose answers the test gives by hand, in the order they were sent. */
function manualReads() {
  const sent: { key: string; answer: (value: string) => void; fail: (e: Error) => void }[] = [];
  const read = (key: string) => () =>
    new Promise<string>((answer, fail) => sent.push({ key, answer, fail }));
  return { sent, read };
}

/** Lets every settled promise run its continuations. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a caller that asks while a read is in flight waits for the next read, sent after it asked', async () => {
  const counts = { shared: 0 };
  const reads = new SharedReads(counts);
  const { sent, read } = manualReads();
  const answers: string[] = [];
  const first = reads.run('k', read('k')).then((v) => answers.push(`first:${v}`));
  expect(sent).toHaveLength(1);
  // Asked while the first read is in flight (a revocation may have committed meanwhile).
  const second = reads.run('k', read('k')).then((v) => answers.push(`second:${v}`));
  const third = reads.run('k', read('k')).then((v) => answers.push(`third:${v}`));
  expect(sent).toHaveLength(1);

  sent[0]!.answer('before');
  await first;
  await settle();
  // The first read answered only its own caller; the next one is sent for the two who waited.
  expect(answers).toEqual(['first:before']);
  expect(sent).toHaveLength(2);
  sent[1]!.answer('after');
  await Promise.all([second, third]);
  expect(answers).toEqual(['first:before', 'second:after', 'third:after']);
  expect(counts.shared).toBe(2);

  // Nothing in flight any more: the next caller sends its own read at once.
  const fourth = reads.run('k', read('k'));
  expect(sent).toHaveLength(3);
  sent[2]!.answer('later');
  expect(await fourth).toBe('later');
});

test('callers of different keys never wait for each other', async () => {
  const reads = new SharedReads({ shared: 0 });
  const { sent, read } = manualReads();
  const a = reads.run('a', read('a'));
  const b = reads.run('b', read('b'));
  expect(sent.map((s) => s.key)).toEqual(['a', 'b']);
  sent[1]!.answer('B');
  expect(await b).toBe('B');
  sent[0]!.answer('A');
  expect(await a).toBe('A');
});

test('a failed read fails its callers only; those who waited get the next read', async () => {
  const reads = new SharedReads({ shared: 0 });
  const { sent, read } = manualReads();
  const first = reads.run('k', read('k'));
  const second = reads.run('k', read('k'));
  sent[0]!.fail(new Error('connection lost'));
  await expect(first).rejects.toThrow('connection lost');
  await settle();
  expect(sent).toHaveLength(2);
  sent[1]!.answer('fine');
  expect(await second).toBe('fine');
  // And a failure of a shared read reaches every caller that waited for it.
  const third = reads.run('k', read('k'));
  const fourth = reads.run('k', read('k'));
  const fifth = reads.run('k', read('k'));
  sent[2]!.answer('x');
  await third;
  await settle();
  sent[3]!.fail(new Error('server gone'));
  await expect(fourth).rejects.toThrow('server gone');
  await expect(fifth).rejects.toThrow('server gone');
});
