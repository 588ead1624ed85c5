import { applyNextChange } from '../src/contact-changes/apply-change.js';
import { changeContact } from '../src/contact-changes/change-contact.js';
import { acceptChange } from '../src/contact-changes/decide-change.js';
import type { AppContext } from '../src/platform/context.js';
import { createService } from '../src/services/create-service.js';
import { percentile, type Figure } from './measure.js';

export const CHANGE_ADMIN = 'ad7-ch';
export const CHANGE_TECHS = ['te7-ch', 'te8-ch'];
const SERVICES = 20;

/** The token a validator's e-mail carries, read as the person would: opened with SECRET_KEY. */
async function tokenFor(ctx: AppContext, requestId: number, account: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('outbox')
    .select('sealed_secret')
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .where('sealed_secret', 'is not', null)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return ctx.box.open(row.sealed_secret!);
}

export async function prepareChangeServices(ctx: AppContext): Promise<void> {
  for (let i = 0; i < SERVICES; i++) {
    await createService(ctx, {
      serviceType: 'domain',
      serviceName: `change-${i}.example`,
      contactAdmin: CHANGE_ADMIN,
      contactTech: CHANGE_TECHS[0],
    });
  }
}

/**
 * Complete changes, one after the other, through the domain functions on the bench's database
 * (in this process, before the server starts): changeContact (the admin names a new tech),
 * both validators accept with the tokens of their e-mails, the apply job runs it; each change
 * ends `done` with its e-mails queued in the outbox.
 */
export async function measureChanges(ctx: AppContext, seconds: number): Promise<Figure> {
  const latencies: number[] = [];
  const ids: number[] = [];
  const started = performance.now();
  let round = 0;
  while (performance.now() - started < seconds * 1000) {
    const service = `change-${round % SERVICES}.example`;
    const to = CHANGE_TECHS[(Math.floor(round / SERVICES) + 1) % 2]!;
    const t0 = performance.now();
    const [id] = await changeContact(ctx, CHANGE_ADMIN, 'domain', service, { contactTech: to });
    ids.push(id!);
    await acceptChange(ctx, CHANGE_ADMIN, id, await tokenFor(ctx, id!, CHANGE_ADMIN));
    await acceptChange(ctx, to, id, await tokenFor(ctx, id!, to));
    if (!(await applyNextChange(ctx))) throw new Error(`request ${id} was not applied`);
    latencies.push(performance.now() - t0);
    round++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const done = await ctx.database.db
    .selectFrom('contact_changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'done')
    .where('id', 'in', ids)
    .executeTakeFirstOrThrow();
  latencies.sort((a, b) => a - b);
  return {
    name: 'complete change (in-process: request, 2 accepts, applied, 3 e-mails queued)',
    rate: round / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: round - Number(done.n),
    note: `${round} changes, all done`,
  };
}
