import type { Command } from 'commander';
import { createApiToken } from '../../accounts/api-tokens.js';
import { createAccount } from '../../accounts/create-account.js';
import { createInvoice, payInvoice } from '../../invoices/manage-invoices.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/database/database.js';
import { migrateToLatest } from '../../platform/database/migrate.js';
import { createService } from '../../services/create-service.js';
import { printResult, type Output } from '../output.js';
import { withApp } from '../run-with-app.js';

interface JsonFlag {
  json?: boolean;
}

/** migrate, account create, service create, invoice create|pay, token create (SPEC §8). */
export function registerCoreCommands(program: Command, output: Output): void {
  program
    .command('migrate')
    .description('apply pending database migrations (DATABASE_URL)')
    .action(async () => {
      const database = openDatabase(loadConfig().databaseUrl);
      try {
        const applied = await migrateToLatest(database);
        output.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });

  const account = program.command('account').description('customer accounts');
  account
    .command('create')
    .description('create an account; prints its nichandle')
    .requiredOption('--email <address>', 'e-mail address')
    .requiredOption('--name <name>', 'name of the person or company')
    .option('--language <fr|en>', 'language of its e-mails and pages', 'fr')
    .option('--password <password>', 'password for the web control panel (else: no login)')
    .option('--nichandle <nichandle>', 'nichandle to use (else one is made)')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        o: JsonFlag & {
          email: string;
          name: string;
          language: string;
          password?: string;
          nichandle?: string;
        },
      ) => {
        const created = await withApp((app) => createAccount(app.ctx, o));
        printResult(output, o.json, created, created.nichandle);
      },
    );

  const service = program.command('service').description('services and their contacts');
  service
    .command('create')
    .description('create a service; tech and billing default to the admin')
    .requiredOption('--type <serviceType>', 'domain, zone, hosting, …')
    .requiredOption('--name <serviceName>', 'e.g. example.com')
    .requiredOption('--admin <nichandle>', 'administrator contact')
    .option('--tech <nichandle>', 'technical contact')
    .option('--billing <nichandle>', 'billing contact')
    .option('--status <status>', 'ok, expired, inCreation, pendingDebt or unPaid', 'ok')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        o: JsonFlag & {
          type: string;
          name: string;
          admin: string;
          tech?: string;
          billing?: string;
          status: string;
        },
      ) => {
        const created = await withApp((app) =>
          createService(app.ctx, {
            serviceType: o.type,
            serviceName: o.name,
            contactAdmin: o.admin,
            contactTech: o.tech,
            contactBilling: o.billing,
            status: o.status,
          }),
        );
        printResult(output, o.json, created, `${created.serviceType}/${created.serviceName}`);
      },
    );

  const invoice = program
    .command('invoice')
    .description('invoices (R5: unpaid ones block billing changes)');
  invoice
    .command('create')
    .description('record an invoice of an account; prints its id')
    .requiredOption('--account <nichandle>', 'account that owes it')
    .requiredOption('--amount <amount>', 'e.g. 12.50')
    .option('--currency <code>', 'three-letter currency', 'EUR')
    .option('--status <unpaid|paid>', 'status', 'unpaid')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        o: JsonFlag & { account: string; amount: string; currency: string; status: string },
      ) => {
        const created = await withApp((app) => createInvoice(app.ctx, o));
        printResult(output, o.json, created, String(created.id));
      },
    );
  invoice
    .command('pay')
    .description('mark an invoice paid')
    .argument('<id>', 'invoice id')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, o: JsonFlag) => {
      await withApp((app) => payInvoice(app.ctx, id));
      printResult(output, o.json, { id: Number(id), status: 'paid' }, `invoice ${id} paid`);
    });

  const token = program.command('token').description('API tokens of accounts');
  token
    .command('create')
    .description('make an API token for an account; it is shown this once')
    .argument('<nichandle>', 'account the token acts as')
    .option('--name <name>', 'what the token is for')
    .option('--json', 'print the result as JSON')
    .action(async (nichandle: string, o: JsonFlag & { name?: string }) => {
      const created = await withApp((app) => createApiToken(app.ctx, nichandle, o.name));
      printResult(output, o.json, created, created.token);
    });
}
