import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { changeContactsInBulk } from '../src/contact-changes/change-contacts-in-bulk.js';
import { acceptBatch } from '../src/contact-changes/decide-batch.js';
import { importServices } from '../src/import/import-services.js';
import type { AppContext } from '../src/platform/context.js';
import type { Worker } from '../src/platform/worker.js';
import { listMailbox, readMailboxMessage } from '../src/mail/mailbox.js';
import type { Figure } from './measure.js';

/** The batch's asker (admin of every service), its services' tech, and the tech it names. */
export const BATCH_ADMIN = 'ba6-ch';
export const BATCH_TECHS = ['bt6-ch', 'bu6-ch'];

/** The prefix of the batch's figures, which the report reads its verdict from. */
export const BATCH_PREFIX = 'batch of ';
/** The size SPEC §9's bulk target names. */
export const BATCH_TARGET_SIZE = 1_000;
/** The phases, in order; the last figure of the batch is their total. */
export const BATCH_PHASES = [
  'made (changeContactsInBulk: checks, requests, 2 e-mails queued)',
  'e-mailed (the worker, at its next look, delivers one e-mail per validator)',
  'accepted by both validators (each reads its e-mail, acceptBatch with its code)',
  'applied (the worker, woken by the second accept, applies every request)',
] as const;
export const BATCH_TOTAL = 'made, e-mailed, accepted and applied (SPEC §9 bulk target)';

const nameOf = (i: number) => `batch-${String(i).padStart(5, '0')}.example`;

/** `size` domains whose admin is BATCH_ADMIN and tech BATCH_TECHS[0], through `import services`. */
export async function prepareBatchServices(ctx: AppContext, size: number): Promise<void> {
  const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling'];
  for (let i = 0; i < size; i++) {
    lines.push(`domain,${nameOf(i)},${BATCH_ADMIN},${BATCH_TECHS[0]},${BATCH_ADMIN}`);
  }
  const summary = await importServices(ctx, Readable.from([lines.join('\n') + '\n']));
  if (summary.badCount > 0) throw new Error(`batch services: ${JSON.stringify(summary.bad[0])}`);
}

/**
 * The code of a validator's batch e-mail, read as the person would: the batch link of the e-mail
 * the worker delivered to the built-in mailbox.
 */
async function batchCode(ctx: AppContext, account: string, batchId: number): Promise<string> {
  const mine = (await listMailbox(ctx, 20)).filter((m) => m.to === `${account}@bench.test`);
  for (const summary of mine) {
    const text = (await readMailboxMessage(ctx, summary.id))?.text ?? '';
    const link = /https?:\/\/\S+\/contacts\/requests\?batchId=\S+/.exec(text);
    const url = link && new URL(link[0]);
    if (url?.searchParams.get('batchId') === String(batchId)) {
      return url.searchParams.get('token')!;
    }
  }
  throw new Error(`no e-mail of batch ${batchId} reached ${account}`);
}

/** Waits until `ready` says so, looking every 10 ms, as a person refreshing a page would. */
async function until(ready: () => Promise<boolean>): Promise<void> {
  const started = performance.now();
  while (!(await ready())) {
    if (performance.now() - started > 300_000) throw new Error('the worker did not finish');
    await sleep(10);
  }
}

const countOf = async (query: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
  Number((await query.executeTakeFirstOrThrow()).n);

/**
 * SPEC §9's bulk target, in this process on the bench's database, with the worker running as in
 * `contacthub serve` (it looks every WORKER_INTERVAL_MS, and an accept wakes it): the admin of
 * `size` services names a new tech for all of them in one batch (R22); the worker delivers the
 * two batch e-mails (built-in mailbox); each validator reads its e-mail and accepts the whole
 * batch with its code; the worker applies every request. Each phase is timed, from the end of
 * the one before; then every request must be `done` and every service's tech changed, each
 * counted as an error otherwise. The e-mails the applied requests queue are left to the caller.
 */
export async function measureBatch(
  ctx: AppContext,
  worker: Worker,
  size: number,
): Promise<Figure[]> {
  const label = `${BATCH_PREFIX}${size.toLocaleString('en')} services`;
  const times: number[] = [];
  const timed = async <T>(step: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await step();
    times.push(performance.now() - t0);
    return result;
  };
  const db = ctx.database.db;
  const services = Array.from({ length: size }, (_, i) => ({
    serviceType: 'domain',
    serviceName: nameOf(i),
  }));

  // Its first look, at once, finds nothing: the batch's e-mails wait for the next one, a
  // WORKER_INTERVAL_MS later, the longest they wait in `serve`.
  worker.start();
  await sleep(50);
  try {
    const made = await timed(() =>
      changeContactsInBulk(ctx, BATCH_ADMIN, { services, contactTech: BATCH_TECHS[1] }),
    );
    if (made.batchId === null || made.errors.length > 0) {
      throw new Error(`the batch was not made: ${JSON.stringify(made.errors.slice(0, 3))}`);
    }
    const batchId = made.batchId;
    const sent = () =>
      countOf(
        db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('template', '=', 'batch-created')
          .where('sent_at', 'is not', null),
      );
    await timed(() => until(async () => (await sent()) >= 2));
    const delivered = await sent();
    const decisions = await timed(async () => [
      await acceptBatch(ctx, BATCH_ADMIN, batchId, await batchCode(ctx, BATCH_ADMIN, batchId)),
      await acceptBatch(
        ctx,
        BATCH_TECHS[1]!,
        batchId,
        await batchCode(ctx, BATCH_TECHS[1]!, batchId),
      ),
    ]);
    const ids = made.requests.flatMap((r) => r.ids);
    const ended = () =>
      countOf(
        db
          .selectFrom('contact_changes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('batch_id', '=', batchId)
          .where('state', 'in', ['done', 'error']),
      );
    await timed(() => until(async () => (await ended()) >= ids.length));
    await worker.stop();
    return await check(ctx, label, size, batchId, ids.length, times, delivered, decisions);
  } finally {
    await worker.stop();
  }
}

/** The figures of the phases and their total, with what did not end as it should as errors. */
async function check(
  ctx: AppContext,
  label: string,
  size: number,
  batchId: number,
  requests: number,
  times: number[],
  delivered: number,
  decisions: { decided: number[]; skipped: unknown[] }[],
): Promise<Figure[]> {
  const db = ctx.database.db;
  const done = await countOf(
    db
      .selectFrom('contact_changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('batch_id', '=', batchId)
      .where('state', '=', 'done'),
  );
  const changed = await countOf(
    db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_name', 'like', 'batch-%')
      .where('contact_tech', '=', BATCH_TECHS[1]!),
  );
  const undecided = decisions.reduce((sum, d) => sum + d.skipped.length, 0);
  const counts = [size, delivered, requests, done];
  const notes = [
    `${requests.toLocaleString('en')} requests; services`,
    `${delivered} e-mails; e-mails`,
    `${decisions.map((d) => d.decided.length.toLocaleString('en')).join(' + ')} answers; requests`,
    `${done.toLocaleString('en')} done; requests`,
  ];
  const errors = [0, delivered === 2 ? 0 : 1, undecided, requests - done];
  const figures: Figure[] = BATCH_PHASES.map((phase, i) => ({
    name: `${label}: ${phase}`,
    rate: counts[i]! / (times[i]! / 1000),
    mean: times[i]!,
    p50: NaN,
    p99: NaN,
    errors: errors[i]!,
    note: `${(times[i]! / 1000).toFixed(2)} s, ${notes[i]}/s`,
  }));
  const total = times.reduce((a, b) => a + b, 0);
  figures.push({
    name: `${label}: ${BATCH_TOTAL}`,
    rate: size / (total / 1000),
    mean: total,
    p50: NaN,
    p99: NaN,
    errors: size - changed,
    note: `${(total / 1000).toFixed(2)} s; services/s`,
  });
  return figures;
}
