import type { Command } from 'commander';
import { getAccountForOperator } from '../../accounts/get-account.js';
import { updateAccount } from '../../accounts/update-account.js';
import { listEvents } from '../../audit/event-feed.js';
import { cancelAsOperator } from '../../contact-changes/cancel-as-operator.js';
import { listAllChanges } from '../../contact-changes/list-all-changes.js';
import { deleteService } from '../../services/delete-service.js';
import { getOperatorService } from '../../services/get-operator-service.js';
import { setServiceStatus } from '../../services/set-service-status.js';
import { printResult, type Output } from '../output.js';
import { withApp } from '../run-with-app.js';

interface JsonFlag {
  json?: boolean;
}

function group(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((command) => command.name() === name) ??
    program.command(name).description(description)
  );
}

/**
 * The operator's verbs of issue 26, on the command line: account show|update, service
 * show|status|delete, change list|cancel, events. Each is the operator API's use-case, run
 * against DATABASE_URL.
 */
export function registerOperatorCommands(program: Command, output: Output): void {
  const account = group(program, 'account', 'customer accounts');
  account
    .command('show')
    .description('an account: e-mail, name, language, unpaid invoices')
    .argument('<nichandle>', 'the account')
    .option('--json', 'print the result as JSON')
    .action(async (nichandle: string, o: JsonFlag) => {
      const shown = await withApp((app) => getAccountForOperator(app.ctx, nichandle));
      printResult(
        output,
        o.json,
        shown,
        `${shown.nichandle}  ${shown.name} <${shown.email}>  ${shown.language}  unpaid invoices: ${shown.unpaidInvoices}`,
      );
    });
  account
    .command('update')
    .description("set an account's e-mail, name or language (a new e-mail is told to both)")
    .argument('<nichandle>', 'the account')
    .option('--email <address>', 'new e-mail address')
    .option('--name <name>', 'new name')
    .option('--language <fr|en>', 'new language')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        nichandle: string,
        o: JsonFlag & { email?: string; name?: string; language?: string },
      ) => {
        const patch = Object.fromEntries(
          Object.entries({ email: o.email, name: o.name, language: o.language }).filter(
            ([, value]) => value !== undefined,
          ),
        );
        const updated = await withApp((app) => updateAccount(app.ctx, nichandle, patch));
        printResult(
          output,
          o.json,
          updated,
          `${updated.nichandle}  ${updated.name} <${updated.email}>  ${updated.language}`,
        );
      },
    );

  const service = group(program, 'service', 'services and their contacts');
  const describe = (s: Awaited<ReturnType<typeof getOperatorService>>) =>
    `${s.serviceType}/${s.serviceName}  ${s.status}  admin ${s.contactAdmin}  tech ${s.contactTech}  billing ${s.contactBilling}  open requests: ${s.openRequests.join(', ') || 'none'}`;
  service
    .command('show')
    .description('a service, its contacts and its open requests')
    .argument('<serviceType>', 'domain, zone, hosting, …')
    .argument('<serviceName>', 'e.g. example.com')
    .option('--json', 'print the result as JSON')
    .action(async (type: string, name: string, o: JsonFlag) => {
      const shown = await withApp((app) => getOperatorService(app.ctx, type, name));
      printResult(output, o.json, shown, describe(shown));
    });
  service
    .command('status')
    .description("set a service's status")
    .argument('<serviceType>', 'domain, zone, hosting, …')
    .argument('<serviceName>', 'e.g. example.com')
    .argument('<status>', 'ok, expired, inCreation, pendingDebt or unPaid')
    .option('--json', 'print the result as JSON')
    .action(async (type: string, name: string, status: string, o: JsonFlag) => {
      const shown = await withApp((app) => setServiceStatus(app.ctx, type, name, { status }));
      printResult(output, o.json, shown, describe(shown));
    });
  service
    .command('delete')
    .description('end a service: open requests aborted, parties told, history kept')
    .argument('<serviceType>', 'domain, zone, hosting, …')
    .argument('<serviceName>', 'e.g. example.com')
    .option('--json', 'print the result as JSON')
    .action(async (type: string, name: string, o: JsonFlag) => {
      await withApp((app) => deleteService(app.ctx, type, name));
      printResult(
        output,
        o.json,
        { serviceType: type, serviceName: name, deleted: true },
        `${type}/${name} deleted`,
      );
    });

  const change = group(program, 'change', 'contact-change requests across the platform');
  change
    .command('list')
    .description('requests, newest first')
    .option('--state <state>', 'validatingByCustomers, done, aborted, …')
    .option('--account <nichandle>', 'a party: asker, old or new contact')
    .option('--type <serviceType>', 'service type')
    .option('--name <serviceName>', 'service name')
    .option('--limit <n>', 'how many (1–500)', '50')
    .option('--cursor <cursor>', 'nextCursor of the previous page')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        o: JsonFlag & {
          state?: string;
          account?: string;
          type?: string;
          name?: string;
          limit: string;
          cursor?: string;
        },
      ) => {
        const page = await withApp((app) =>
          listAllChanges(app.ctx, {
            state: o.state,
            account: o.account,
            serviceType: o.type,
            serviceName: o.name,
            limit: o.limit,
            cursor: o.cursor,
          }),
        );
        const lines = page.items.map(
          (c) =>
            `${c.id}  ${c.state}  ${c.serviceType}/${c.serviceDomain}  ${c.contactTypes.join(',')}  ${c.fromAccount} → ${c.toAccount}  asked by ${c.askingAccount}  ${c.dateRequest}`,
        );
        if (page.nextCursor !== null) lines.push(`more: --cursor ${page.nextCursor}`);
        printResult(output, o.json, page, lines.join('\n') || 'no request');
      },
    );
  change
    .command('cancel')
    .description('end an open request (aborted); every party is told')
    .argument('<id>', 'request id')
    .option('--reason <text>', 'told to every party')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, o: JsonFlag & { reason?: string }) => {
      await withApp((app) =>
        cancelAsOperator(app.ctx, id, o.reason === undefined ? {} : { reason: o.reason }),
      );
      printResult(output, o.json, { id: Number(id), state: 'aborted' }, `request ${id} aborted`);
    });

  program
    .command('events')
    .description('the audit log as a feed, oldest first (as GET /api/admin/events)')
    .option('--after <cursor>', 'nextCursor of the previous page (else from the start)')
    .option('--limit <n>', 'how many (1–1000)', '100')
    .option('--json', 'print the result as JSON')
    .action(async (o: JsonFlag & { after?: string; limit: string }) => {
      const page = await withApp((app) => listEvents(app.ctx, { after: o.after, limit: o.limit }));
      const lines = page.items.map(
        (e) =>
          `${e.id}  ${e.date}  ${e.type}  ${e.actor ?? '-'}${e.serviceType ? `  ${e.serviceType}/${e.serviceName}` : ''}${e.taskId ? `  request ${e.taskId}` : ''}`,
      );
      lines.push(`next: --after ${page.nextCursor}`);
      printResult(output, o.json, page, lines.join('\n'));
    });
}
