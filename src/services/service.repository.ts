import type { Insertable, Selectable } from 'kysely';
import { forUpdate, type Database, type Executor } from '../platform/database/database.js';
import type { ServiceTable } from '../platform/database/schema.js';
import { OPEN_STATES } from '../contact-changes/states.js';
import { bumpContactsVersion } from './contacts-version.repository.js';
import { ROLES, type Contacts } from './roles.js';

export type Service = Selectable<ServiceTable>;

export function contactsOf(service: Service): Contacts {
  return {
    admin: service.contact_admin,
    tech: service.contact_tech,
    billing: service.contact_billing,
  };
}

export function findService(
  db: Executor,
  serviceType: string,
  serviceName: string,
): Promise<Service | undefined> {
  return db
    .selectFrom('services')
    .selectAll()
    .where('service_type', '=', serviceType)
    .where('service_name', '=', serviceName)
    .executeTakeFirst();
}

/** The requests that still hold roles on a service (SPEC §3: not final), oldest first. */
export async function openRequestsOf(db: Executor, serviceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('contact_changes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('state', 'in', OPEN_STATES)
    .orderBy('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

/**
 * The type a deleted service's row takes (decision 094): never a real type (SERVICE_TYPE_PATTERN),
 * so no lookup by name finds it, and with the row's id as its name the real name is free again.
 */
export const DELETED_TYPE = '-';

/**
 * Reads a service and, on PostgreSQL, locks its row until the transaction ends. A deleted
 * service is no service: undefined, as if its row were gone.
 */
export function lockService(
  database: Database,
  trx: Executor,
  serviceId: number,
): Promise<Service | undefined> {
  return forUpdate(
    database,
    trx
      .selectFrom('services')
      .selectAll()
      .where('id', '=', serviceId)
      .where('service_type', '!=', DELETED_TYPE),
  ).executeTakeFirst();
}

/**
 * Writes a service's contacts and keeps the service_contacts index in step: one row per account
 * that holds at least one role, with a flag per role. Every account that held or holds a role
 * sees the service in its listing change, so each one's contacts version moves on.
 */
export async function writeContacts(
  database: Database,
  trx: Executor,
  service: Pick<Service, 'id' | 'service_type' | 'service_name'>,
  before: Contacts | undefined,
  after: Contacts,
): Promise<void> {
  await trx
    .updateTable('services')
    .set({ contact_admin: after.admin, contact_tech: after.tech, contact_billing: after.billing })
    .where('id', '=', service.id)
    .execute();

  const accounts = new Set([
    ...ROLES.map((r) => after[r]),
    ...(before ? ROLES.map((r) => before[r]) : []),
  ]);
  const held = [...accounts].map((account) => ({
    account,
    service_name: service.service_name,
    service_type: service.service_type,
    service_id: service.id,
    is_admin: after.admin === account ? 1 : 0,
    is_tech: after.tech === account ? 1 : 0,
    is_billing: after.billing === account ? 1 : 0,
  }));
  // Two statements whatever the number of accounts (decision 072): the rows of the accounts
  // that hold a role, written or updated at once, and those of the accounts that no longer do.
  const holding = held.filter((row) => row.is_admin + row.is_tech + row.is_billing > 0);
  const left = held.filter((row) => row.is_admin + row.is_tech + row.is_billing === 0);
  await trx
    .insertInto('service_contacts')
    .values(holding)
    .onConflict((oc) =>
      oc.columns(['account', 'service_name', 'service_type']).doUpdateSet((eb) => ({
        is_admin: eb.ref('excluded.is_admin'),
        is_tech: eb.ref('excluded.is_tech'),
        is_billing: eb.ref('excluded.is_billing'),
      })),
    )
    .execute();
  if (left.length > 0) {
    await trx
      .deleteFrom('service_contacts')
      .where(
        'account',
        'in',
        left.map((row) => row.account),
      )
      .where('service_name', '=', service.service_name)
      .where('service_type', '=', service.service_type)
      .execute();
  }
  await bumpContactsVersion(database, trx, accounts);
}

/** A new service's row; its id. A name already taken is a unique violation. */
export async function insertService(
  trx: Executor,
  service: Omit<Insertable<ServiceTable>, 'id'>,
): Promise<number> {
  const { id } = await trx
    .insertInto('services')
    .values(service)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Reads a service by id, deleted or not, locking its row on PostgreSQL until the transaction ends. */
export function lockServiceById(
  database: Database,
  trx: Executor,
  serviceId: number,
): Promise<Service | undefined> {
  return forUpdate(
    database,
    trx.selectFrom('services').selectAll().where('id', '=', serviceId),
  ).executeTakeFirst();
}

/** Sets a service's status (SPEC §4: the provider's billing or provisioning). */
export async function updateServiceStatus(
  trx: Executor,
  serviceId: number,
  status: Service['status'],
): Promise<void> {
  await trx.updateTable('services').set({ status }).where('id', '=', serviceId).execute();
}

/** The service's requests still open to an answer or being applied, oldest first, whole. */
export function unfinishedChangesOf(trx: Executor, serviceId: number) {
  return trx
    .selectFrom('contact_changes')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('state', 'in', ['validatingByCustomers', 'doing'])
    .orderBy('id')
    .execute();
}

/** The service leaves these accounts' listings: their rows of service_contacts go. */
export async function removeFromListings(
  trx: Executor,
  service: Pick<Service, 'service_type' | 'service_name'>,
  accounts: string[],
): Promise<void> {
  // By its key (no index holds service_id): one row per account holding a role.
  await trx
    .deleteFrom('service_contacts')
    .where('account', 'in', accounts)
    .where('service_name', '=', service.service_name)
    .where('service_type', '=', service.service_type)
    .execute();
}

/**
 * A deleted service (decision 094): its real name kept in deleted_services, its row renamed to
 * DELETED_TYPE and its id, so that the name is free again.
 */
export async function markServiceDeleted(
  trx: Executor,
  service: Pick<Service, 'id' | 'service_type' | 'service_name'>,
  now: number,
): Promise<void> {
  await trx
    .insertInto('deleted_services')
    .values({
      service_id: service.id,
      service_type: service.service_type,
      service_name: service.service_name,
      deleted_at: now,
    })
    .execute();
  await trx
    .updateTable('services')
    .set({ service_type: DELETED_TYPE, service_name: String(service.id) })
    .where('id', '=', service.id)
    .execute();
}
