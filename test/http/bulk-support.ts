import { Readable } from 'node:stream';
import { createAccount } from '../../src/accounts/create-account.js';
import { importServices } from '../../src/import/import-services.js';
import { createInvoice } from '../../src/invoices/manage-invoices.js';
import type { AppContext } from '../../src/platform/context.js';

/** The cast of a bulk change: an agency, the new contact it names, a stranger and a debtor. */
export const AGENCY = 'ag20001-ch';
export const NEWCOMER = 'nc20002-ch';
export const STRANGER = 'st20003-ch';
export const DEBTOR = 'db20004-ch';

/**
 * Accounts (NEWCOMER reads English) and `count` domains `bulk-NNNN.test` whose three contacts are
 * AGENCY, loaded with the CSV import in a few statements rather than one call per service.
 * Extra rows (the services a test wants to fail) come in `extra` as CSV lines.
 */
export async function seedBulk(
  ctx: AppContext,
  count: number,
  extra: string[] = [],
  options: { passwords?: boolean } = {},
): Promise<{ names: string[] }> {
  const password = options.passwords ? { password: 'correct horse battery' } : {};
  const people: [string, string, 'fr' | 'en'][] = [
    [AGENCY, 'Agence Web', 'fr'],
    [NEWCOMER, 'Nina Newcomer', 'en'],
    [STRANGER, 'Sam Stranger', 'fr'],
    [DEBTOR, 'Denis Débiteur', 'fr'],
  ];
  for (const [nichandle, name, language] of people) {
    await createAccount(ctx, {
      nichandle,
      name,
      language,
      email: `${nichandle}@example.test`,
      ...password,
    });
  }
  await createInvoice(ctx, { account: DEBTOR, amount: '12.50' });
  const names = Array.from({ length: count }, (_, i) => `bulk-${String(i).padStart(4, '0')}.test`);
  const lines = [
    'serviceType,serviceName,contactAdmin,contactTech,contactBilling',
    ...names.map((name) => `domain,${name},${AGENCY},${AGENCY},${AGENCY}`),
    ...extra,
  ];
  const summary = await importServices(ctx, Readable.from([lines.join('\n') + '\n']));
  if (summary.bad.length > 0) throw new Error(`bad rows: ${JSON.stringify(summary.bad)}`);
  return { names };
}
