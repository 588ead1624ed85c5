import { findAccount } from '../accounts/account.repository.js';
import { createAccount } from '../accounts/create-account.js';
import { hasAnyInvoice } from '../invoices/invoice.repository.js';
import { createInvoice } from '../invoices/manage-invoices.js';
import type { AppContext } from '../platform/context.js';
import { createService } from '../services/create-service.js';
import { findService } from '../services/service.repository.js';

/** Password of every demo account; the demo prints it. */
export const DEMO_PASSWORD = 'contacthub-demo';

export interface DemoAccount {
  nichandle: string;
  name: string;
  language: 'fr' | 'en';
  /** What the person can try in the guide. */
  role: string;
  /** The account's address, when not `{nichandle}@demo.contacthub.test`. */
  email?: string;
}

/**
 * The wrong address of one demo account: `.invalid` can never receive mail (RFC 2606), and the
 * built-in mailbox keeps nothing for it, so the guide's "the e-mail did not arrive; check your
 * profile, fix it, then resend" can be played.
 */
export const WRONG_DEMO_ADDRESS = 'nora.nouvelle@old-address.invalid';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    nichandle: 'aa10001-demo',
    name: 'Alice Administratrice',
    language: 'fr',
    role: 'admin of example.com: name a new tech, take back billing, hand over admin',
  },
  {
    nichandle: 'tt10002-demo',
    name: 'Thomas Technique',
    language: 'fr',
    role: 'tech of example.com: name another tech in its place',
  },
  {
    nichandle: 'bf10003-demo',
    name: 'Béatrice Facturation',
    language: 'fr',
    role: 'billing of example.com: name another billing contact',
  },
  {
    nichandle: 'nn10004-demo',
    name: 'Nora Nouvelle',
    language: 'fr',
    role: `holds nothing yet: the new contact to name, who accepts with its own code; her address (${WRONG_DEMO_ADDRESS}) is a wrong one that gets nothing: fix it in Mon profil, then Renvoyer la demande`,
    email: WRONG_DEMO_ADDRESS,
  },
  {
    nichandle: 'ii10005-demo',
    name: 'Igor Impayé',
    language: 'fr',
    role: 'has an unpaid invoice: billing of exemple.fr cannot move',
  },
  {
    nichandle: 'ee10006-demo',
    name: 'Emma English',
    language: 'en',
    role: 'reads pages and e-mails in English; admin of vps-42.example.net',
  },
];

const [alice, thomas, beatrice, , igor, emma] = DEMO_ACCOUNTS.map((a) => a.nichandle) as [
  string,
  string,
  string,
  string,
  string,
  string,
];

export const DEMO_SERVICES = [
  {
    serviceType: 'domain',
    serviceName: 'example.com',
    contactAdmin: alice,
    contactTech: thomas,
    contactBilling: beatrice,
  },
  { serviceType: 'zone', serviceName: 'example.com', contactAdmin: alice },
  {
    serviceType: 'hosting',
    serviceName: 'www.example.com',
    contactAdmin: alice,
    contactTech: thomas,
    contactBilling: alice,
  },
  {
    serviceType: 'domain',
    serviceName: 'exemple.fr',
    contactAdmin: alice,
    contactTech: alice,
    contactBilling: igor,
  },
  {
    serviceType: 'vps',
    serviceName: 'vps-42.example.net',
    contactAdmin: emma,
    contactTech: alice,
    contactBilling: emma,
  },
  {
    serviceType: 'email',
    serviceName: 'mail/example.com',
    contactAdmin: alice,
    status: 'inCreation',
  },
];

/**
 * Creates the demo accounts, services and one unpaid invoice, skipping what already exists, so
 * that `contacthub demo` can run again on the same database. Returns what it created.
 */
export async function seedDemo(ctx: AppContext): Promise<{ accounts: number; services: number }> {
  let accounts = 0;
  let services = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await findAccount(ctx.database.db, account.nichandle)) continue;
    await createAccount(ctx, {
      nichandle: account.nichandle,
      name: account.name,
      language: account.language,
      email: account.email ?? `${account.nichandle}@demo.contacthub.test`,
      password: DEMO_PASSWORD,
    });
    accounts++;
  }
  for (const service of DEMO_SERVICES) {
    if (await findService(ctx.database.db, service.serviceType, service.serviceName)) continue;
    await createService(ctx, service);
    services++;
  }
  if (!(await hasAnyInvoice(ctx.database.db, igor)))
    await createInvoice(ctx, { account: igor, amount: '42.00', currency: 'EUR' });
  return { accounts, services };
}
