import type { Readable } from 'node:stream';
import { parseNichandle } from '../accounts/nichandle.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import type { ServiceStatus } from '../platform/database/schema.js';
import { bumpContactsVersion } from '../services/contacts-version.repository.js';
import { ROLES, type Contacts } from '../services/roles.js';
import {
  parseServiceName,
  parseServiceStatus,
  parseServiceType,
} from '../services/service-names.js';
import type { BadRow } from './csv-rows.js';
import { optional } from './csv-rows.js';
import {
  cleanGinPendingList,
  existingNichandles,
  highestListingRowid,
  insertAuditEvents,
  insertListingRows,
  insertNewServices,
  optimizeSearchTable,
} from './import.repository.js';
import {
  chunks,
  runImport,
  type ImportKind,
  type ImportOptions,
  type ImportSummary,
  type ParsedRow,
} from './run-import.js';

export const SERVICE_COLUMNS = {
  required: ['serviceType', 'serviceName', 'contactAdmin'],
  optional: ['contactTech', 'contactBilling', 'status'],
} as const;

interface ServiceRow {
  serviceType: string;
  serviceName: string;
  status: ServiceStatus;
  contacts: Contacts;
}

/** Parameters per statement stay far below SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1_000;
/** Accounts known to exist, kept across batches; bounded so a huge file cannot exhaust memory. */
const KNOWN_ACCOUNTS_LIMIT = 100_000;

/** The checks of createService, one row at a time: tech and billing default to the admin. */
function parseService(fields: Record<string, string>): ServiceRow {
  const serviceType = parseServiceType(fields.serviceType?.trim());
  const serviceName = parseServiceName(fields.serviceName);
  const admin = parseNichandle(fields.contactAdmin, 'contactAdmin');
  const tech = optional(fields, 'contactTech');
  const billing = optional(fields, 'contactBilling');
  const status = optional(fields, 'status');
  return {
    serviceType,
    serviceName,
    status: status === undefined ? 'ok' : parseServiceStatus(status.trim()),
    contacts: {
      admin,
      tech: tech === undefined ? admin : parseNichandle(tech, 'contactTech'),
      billing: billing === undefined ? admin : parseNichandle(billing, 'contactBilling'),
    },
  };
}

const keyOf = (type: string, name: string) => `${type}\u0000${name}`;

/**
 * `import services FILE`: what createService does for each row — the service, its
 * service_contacts rows (the listing reads them) and a `service.created` audit event (the
 * history starts with it) — with multi-row statements instead of one transaction per service.
 */
export function importServices(
  ctx: AppContext,
  source: Readable,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const known = new Set<string>();

  const unknownAccounts = async (trx: Executor, rows: ParsedRow<ServiceRow>[]) => {
    const wanted = new Set<string>();
    for (const { value } of rows) {
      for (const role of ROLES) {
        if (!known.has(value.contacts[role])) wanted.add(value.contacts[role]);
      }
    }
    if (known.size + wanted.size > KNOWN_ACCOUNTS_LIMIT) known.clear();
    for (const part of chunks([...wanted], ROWS_PER_STATEMENT)) {
      const found = await existingNichandles(trx, part);
      for (const { nichandle } of found) {
        known.add(nichandle);
        wanted.delete(nichandle);
      }
    }
    return wanted;
  };

  const kind: ImportKind<ServiceRow> = {
    columns: SERVICE_COLUMNS,
    tables: ['services', 'service_contacts', 'audit_events'],
    async afterLoad(db, dialect, imported) {
      // The search indexes as one piece again, rather than make every search look a term up in
      // each part the load left (migrations 004 and 006, decision 071).
      if (dialect === 'postgres') {
        for (const index of ['service_contacts_search', 'service_contacts_search_fivegrams']) {
          await cleanGinPendingList(db, index);
        }
        return;
      }
      // FTS5 keeps what each statement wrote as segments it merges a few at a time; `optimize`
      // rewrites the table as one (about a second per million names), worth it once a load has
      // written a good part of the table. max(rowid) counts the rows without reading them.
      if (imported * 10 < ((await highestListingRowid(db)) ?? 0)) return;
      for (const table of ['service_search', 'service_search_fivegrams']) {
        await optimizeSearchTable(db, table);
      }
    },
    parse: parseService,
    async write(trx, rows) {
      const bad: BadRow[] = [];
      const missing = await unknownAccounts(trx, rows);
      const firstLine = new Map<string, number>();
      const good: ParsedRow<ServiceRow>[] = [];
      for (const row of rows) {
        const { serviceType, serviceName, contacts } = row.value;
        const absent = ROLES.map((r) => contacts[r]).find((n) => missing.has(n));
        const key = keyOf(serviceType, serviceName);
        const earlier = firstLine.get(key);
        if (absent !== undefined) {
          bad.push({ line: row.line, message: `account ${absent} does not exist` });
        } else if (earlier !== undefined) {
          bad.push({
            line: row.line,
            message: `service ${serviceType}/${serviceName} is already on line ${earlier}`,
          });
        } else {
          firstLine.set(key, row.line);
          good.push(row);
        }
      }

      const now = ctx.clock.now();
      for (const part of chunks(good, ROWS_PER_STATEMENT)) {
        // The rows not returned already exist (a duplicate is no failed statement).
        const inserted = await insertNewServices(
          trx,
          part.map(({ value }) => ({
            service_type: value.serviceType,
            service_name: value.serviceName,
            status: value.status,
            contact_admin: value.contacts.admin,
            contact_tech: value.contacts.tech,
            contact_billing: value.contacts.billing,
            created_at: now,
          })),
        );
        const ids = new Map(inserted.map((r) => [keyOf(r.service_type, r.service_name), r.id]));
        const written: { id: number; row: ServiceRow }[] = [];
        for (const { line, value } of part) {
          const id = ids.get(keyOf(value.serviceType, value.serviceName));
          if (id === undefined) {
            bad.push({
              line,
              message: `service ${value.serviceType}/${value.serviceName} already exists`,
            });
          } else {
            written.push({ id: Number(id), row: value });
          }
        }
        await writeIndexRows(trx, written);
        await writeCreatedEvents(trx, now, written);
        await bumpContactsVersion(
          ctx.database,
          trx,
          written.flatMap(({ row }) => ROLES.map((r) => row.contacts[r])),
        );
      }
      return bad;
    },
  };
  return runImport(ctx, source, kind, options);
}

/** The service_contacts rows of new services, as writeContacts makes them. */
async function writeIndexRows(trx: Executor, written: { id: number; row: ServiceRow }[]) {
  const rows = written.flatMap(({ id, row }) =>
    [...new Set(ROLES.map((r) => row.contacts[r]))].map((account) => ({
      account,
      service_name: row.serviceName,
      service_type: row.serviceType,
      service_id: id,
      is_admin: row.contacts.admin === account ? 1 : 0,
      is_tech: row.contacts.tech === account ? 1 : 0,
      is_billing: row.contacts.billing === account ? 1 : 0,
    })),
  );
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await insertListingRows(trx, part);
  }
}

/** The `service.created` events createService records, with the same data. */
async function writeCreatedEvents(
  trx: Executor,
  now: number,
  written: { id: number; row: ServiceRow }[],
) {
  if (written.length === 0) return;
  await insertAuditEvents(
    trx,
    written.map(({ id, row }) => ({
      at: now,
      event: 'service.created',
      actor: null,
      request_id: null,
      service_id: id,
      data: JSON.stringify({
        contactAdmin: row.contacts.admin,
        contactTech: row.contacts.tech,
        contactBilling: row.contacts.billing,
      }),
    })),
  );
}
