import { accountExists } from '../accounts/account.repository.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/database/database.js';
import { DomainError } from '../shared/errors.js';
import type { Contacts } from './roles.js';
import { insertService, writeContacts } from './service.repository.js';
import { parseServiceName, parseServiceStatus, parseServiceType } from './service-names.js';

export interface NewService {
  serviceType: unknown;
  serviceName: unknown;
  contactAdmin: unknown;
  contactTech?: unknown;
  contactBilling?: unknown;
  status?: unknown;
}

/** Creates a service (operator API, command line); tech and billing default to the admin. */
export async function createService(ctx: AppContext, input: NewService) {
  const serviceType = parseServiceType(input.serviceType);
  const serviceName = parseServiceName(input.serviceName);
  const admin = parseNichandle(input.contactAdmin, 'contactAdmin');
  const contacts: Contacts = {
    admin,
    tech:
      input.contactTech === undefined ? admin : parseNichandle(input.contactTech, 'contactTech'),
    billing:
      input.contactBilling === undefined
        ? admin
        : parseNichandle(input.contactBilling, 'contactBilling'),
  };
  const status = input.status === undefined ? 'ok' : parseServiceStatus(input.status);
  const createdAt = ctx.clock.now();

  try {
    return await ctx.database.db.transaction().execute(async (trx) => {
      for (const nichandle of new Set(Object.values(contacts))) {
        if (!(await accountExists(trx, nichandle))) {
          throw new DomainError('UNKNOWN_ACCOUNT', `account ${nichandle} does not exist`);
        }
      }
      const id = await insertService(trx, {
        service_type: serviceType,
        service_name: serviceName,
        status,
        contact_admin: contacts.admin,
        contact_tech: contacts.tech,
        contact_billing: contacts.billing,
        created_at: createdAt,
      });
      const service = { id, service_type: serviceType, service_name: serviceName };
      await writeContacts(ctx.database, trx, service, undefined, contacts);
      await recordEvent(trx, ctx, {
        event: 'service.created',
        actor: null,
        serviceId: service.id,
        data: {
          contactAdmin: contacts.admin,
          contactTech: contacts.tech,
          contactBilling: contacts.billing,
        },
      });
      return {
        serviceType,
        serviceName,
        status,
        contactAdmin: contacts.admin,
        contactTech: contacts.tech,
        contactBilling: contacts.billing,
        creation: new Date(createdAt).toISOString(),
        domain: serviceName,
        serviceId: service.id,
        expiration: null,
        renew: null,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError(
        'ALREADY_EXISTS',
        `service ${serviceType}/${serviceName} already exists`,
      );
    }
    throw error;
  }
}
