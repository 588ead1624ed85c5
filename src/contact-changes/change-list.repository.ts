import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { ChangeState, DB } from '../platform/database/schema.js';
import type { ContactChange, Validation } from './change.repository.js';
import { OPEN_STATES } from './states.js';

/*
 * The queries of the lists of requests: the ids and pages a caller sees (R1, SPEC §5), the
 * operator's list of every request, and the lines of "Mes demandes" with a batch as one line
 * (decision 106).
 */

export interface ChangeFilter {
  state?: ChangeState;
  askingAccount?: string;
  toAccount?: string;
}

/**
 * The requests the caller sees, filtered; no columns chosen yet: those it is a party of, and the
 * open ones on the services it is the admin of (R1, SPEC §5).
 */
function involvedChanges(db: Executor, caller: string, filter: ChangeFilter) {
  let q = db
    .selectFrom('contact_changes')
    .where((eb) =>
      eb.or([
        eb('asking_account', '=', caller),
        eb('from_account', '=', caller),
        eb('to_account', '=', caller),
        eb.and([
          eb('state', 'in', [...OPEN_STATES]),
          eb(
            'service_id',
            'in',
            eb
              .selectFrom('service_contacts')
              .select('service_id')
              .where('account', '=', caller)
              .where('is_admin', '=', 1),
          ),
        ]),
      ]),
    );
  if (filter.state !== undefined) q = q.where('state', '=', filter.state);
  if (filter.askingAccount !== undefined) q = q.where('asking_account', '=', filter.askingAccount);
  if (filter.toAccount !== undefined) q = q.where('to_account', '=', filter.toAccount);
  return q;
}

/** Ids of the requests the caller sees, newest first, below `before` if given. */
export async function changeIdsSeenBy(
  db: Executor,
  caller: string,
  filter: ChangeFilter,
  before: number | undefined,
  limit: number,
): Promise<number[]> {
  let q = involvedChanges(db, caller, filter).select('id');
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => Number(r.id));
}

/** How many requests the caller sees, on all pages. */
export async function countChangesSeenBy(
  db: Executor,
  caller: string,
  filter: ChangeFilter,
): Promise<number> {
  const counted = await involvedChanges(db, caller, filter)
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirst();
  return Number(counted?.total ?? 0);
}

/** Ids of one page of the requests the caller sees, newest first, by offset (OVH's pages). */
export async function changeIdsPageSeenBy(
  db: Executor,
  caller: string,
  filter: ChangeFilter,
  size: number,
  offset: number,
): Promise<number[]> {
  const rows = await involvedChanges(db, caller, filter)
    .select('id')
    .orderBy('id', 'desc')
    .limit(size)
    .offset(offset)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** These requests, newest first. */
export function changesByIds(db: Executor, ids: number[]): Promise<ContactChange[]> {
  return db
    .selectFrom('contact_changes')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id', 'desc')
    .execute();
}

/** Every validation of these requests, in one statement (a page holds at most 5,000). */
export function validationsOfRequests(db: Executor, ids: number[]): Promise<Validation[]> {
  return db.selectFrom('validations').selectAll().where('request_id', 'in', ids).execute();
}

/**
 * The operator's list (GET /api/admin/contactChanges): every request, newest first, filtered by
 * state, by an account that is a party, by service type and name, below the id `before`.
 */
export function allChangesPage(
  db: Executor,
  filter: { state?: ChangeState; account?: string; serviceType?: string; serviceName?: string },
  before: number | undefined,
  take: number,
): Promise<ContactChange[]> {
  const { state, account, serviceType, serviceName } = filter;
  let q = db.selectFrom('contact_changes').selectAll();
  if (state !== undefined) q = q.where('state', '=', state);
  if (account !== undefined)
    q = q.where((eb) =>
      eb.or([
        eb('asking_account', '=', account),
        eb('from_account', '=', account),
        eb('to_account', '=', account),
      ]),
    );
  if (serviceType !== undefined) q = q.where('service_type', '=', serviceType);
  if (serviceName !== undefined) q = q.where('service_name', '=', serviceName);
  if (before !== undefined) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(take).execute();
}

/** The caller is the asker, the old or the new contact: the batch page shows these (getBatch). */
function partyOf(caller: string) {
  return (eb: ExpressionBuilder<DB, 'contact_changes'>) =>
    eb.or([
      eb('asking_account', '=', caller),
      eb('from_account', '=', caller),
      eb('to_account', '=', caller),
    ]);
}

/**
 * The lines of "Mes demandes" the caller sees, newest first, below the key `before`: a request
 * made alone (`line_batch` null, its id as key) or a batch it is a party of (the newest id of
 * its requests the filter selects as key).
 */
export function changeLineKeys(
  db: Executor,
  caller: string,
  filter: ChangeFilter,
  before: number | undefined,
  take: number,
) {
  const party = partyOf(caller);
  const matching = involvedChanges(db, caller, filter).select((eb) => [
    'id',
    eb
      .case()
      .when(eb.and([eb('batch_id', 'is not', null), party(eb)]))
      .then(eb.ref('batch_id'))
      .else(null)
      .end()
      .as('line_batch'),
  ]);
  let lines = db
    .selectFrom(matching.as('m'))
    .select((eb) => [eb.fn.max('m.id').as('key'), 'm.line_batch'])
    .groupBy((eb) => [
      'm.line_batch',
      eb.case().when('m.line_batch', 'is', null).then(eb.ref('m.id')).else(null).end(),
    ]);
  if (before !== undefined) lines = lines.having((eb) => eb.fn.max('m.id'), '<', before);
  return lines.orderBy('key', 'desc').limit(take).execute();
}

/**
 * What the lines of these batches say, over the requests the caller is a party to, grouped by
 * batch: totals, states, old contacts, new contacts and roles, their first `firstServices`
 * services, and the requests awaiting the caller's answer. Six statements whatever the batches.
 */
export async function batchLineRows(
  db: Executor,
  caller: string,
  batchIds: number[],
  firstServices: number,
  now: number,
) {
  const party = partyOf(caller);
  const of = db
    .selectFrom('contact_changes')
    .where('batch_id', 'in', batchIds)
    .where((eb) => party(eb));
  const [totals, states, froms, tos, firsts, awaiting] = await Promise.all([
    of
      .select((eb) => [
        'batch_id',
        eb.fn.countAll().as('count'),
        eb.fn.count('service_id').distinct().as('services'),
        eb.fn.min('date_request').as('date_request'),
      ])
      .groupBy('batch_id')
      .execute(),
    of
      .select((eb) => ['batch_id', 'state', eb.fn.countAll().as('count')])
      .groupBy(['batch_id', 'state'])
      .execute(),
    of
      .select((eb) => ['batch_id', 'from_account', eb.fn.min('id').as('first')])
      .groupBy(['batch_id', 'from_account'])
      .execute(),
    of.select(['batch_id', 'to_account', 'roles']).distinct().execute(),
    // Its first services, each once (a service has one request per pair of contacts: R6).
    db
      .selectFrom(
        db
          .selectFrom(
            of
              .select((eb) => [
                'batch_id',
                'service_type',
                'service_name',
                eb.fn.min('id').as('first'),
              ])
              .groupBy(['batch_id', 'service_id', 'service_type', 'service_name'])
              .as('s'),
          )
          .select((eb) => [
            's.batch_id',
            's.service_type',
            's.service_name',
            eb.fn
              .agg<number>('row_number')
              .over((ob) => ob.partitionBy('s.batch_id').orderBy('s.first'))
              .as('place'),
          ])
          .as('ranked'),
      )
      .selectAll()
      .where('place', '<=', firstServices)
      .orderBy('place')
      .execute(),
    of
      .innerJoin('validations', 'validations.request_id', 'contact_changes.id')
      .select((eb) => ['batch_id', eb.fn.countAll().as('count')])
      .where('validations.account', '=', caller)
      .where('validations.status', '=', 'pending')
      .where('state', '=', 'validatingByCustomers')
      .where('expires_at', '>', now)
      .groupBy('batch_id')
      .execute(),
  ]);
  return { totals, states, froms, tos, firsts, awaiting };
}
