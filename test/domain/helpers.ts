import { expect } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import type { AppContext } from '../../src/platform/context.js';
import type { ErrorCode } from '../../src/shared/errors.js';
import { isDomainError } from '../../src/shared/errors.js';
import { SERVICE, tokenFor } from '../support/fixtures.js';

/** changeContact on the guide's service. */
export function ask(ctx: AppContext, caller: string, body: unknown): Promise<number[]> {
  return changeContact(ctx, caller, SERVICE.serviceType, SERVICE.serviceName, body);
}

/** A validator accepts with the code its e-mail carries. */
export async function acceptAs(ctx: AppContext, id: number, account: string): Promise<void> {
  await acceptChange(ctx, account, id, await tokenFor(ctx, id, account));
}

/** Awaits `promise` and checks that it fails with a DomainError of that code. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeDefined();
  expect(isDomainError(caught) ? caught.code : caught).toBe(code);
}

export interface Mail {
  account: string;
  template: string;
  hasToken: boolean;
}

/** The e-mails queued for a request, in order: who gets which message. */
export async function mailsOf(ctx: AppContext, requestId: number): Promise<Mail[]> {
  const rows = await ctx.database.db
    .selectFrom('outbox')
    .select(['account', 'template', 'sealed_secret'])
    .where('channel', '=', 'email')
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    account: r.account ?? '',
    template: r.template,
    hasToken: r.sealed_secret !== null,
  }));
}

/** Recipients of one template for a request, sorted. */
export async function recipientsOf(
  ctx: AppContext,
  requestId: number,
  template: string,
): Promise<string[]> {
  return (await mailsOf(ctx, requestId))
    .filter((m) => m.template === template)
    .map((m) => m.account)
    .sort();
}

/** Audit event names of a request, in order. */
export async function eventsOf(ctx: AppContext, requestId: number): Promise<string[]> {
  const rows = await ctx.database.db
    .selectFrom('audit_events')
    .select('event')
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.event);
}

/** Row counts of every table that a change writes to: "nothing changed" means equal counts. */
export async function rowCounts(ctx: AppContext): Promise<Record<string, number>> {
  const tables = [
    'accounts',
    'services',
    'service_contacts',
    'invoices',
    'contact_changes',
    'pending_roles',
    'validations',
    'audit_events',
    'outbox',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await ctx.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
