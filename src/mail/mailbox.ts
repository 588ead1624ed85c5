import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import type { OutgoingEmail } from './mail-transport.js';
import {
  findMailboxMessage,
  insertMailboxMessage,
  newestMailboxMessages,
} from './mail.repository.js';
import type { OutboxRow } from '../outbox/outbox.repository.js';

/**
 * The built-in mailbox (no SMTP_URL): each delivered e-mail is kept in the database, its body
 * sealed with SECRET_KEY because it carries a validation token (R18). The subject and recipient
 * stay readable for the list; they never hold a token.
 */
export interface MailboxSummary {
  id: number;
  to: string;
  subject: string;
  createdAt: string;
}

export interface MailboxMessage extends MailboxSummary {
  from: string;
  messageId: string;
  date: string;
  text: string;
  html: string;
}

interface SealedBody {
  from: string;
  messageId: string;
  date: string;
  text: string;
  html: string;
}

/**
 * Stores a message in the caller's transaction (the one that marks its outbox row sent), so it
 * is kept exactly once. Returns false if this outbox row was already stored.
 */
export async function storeInMailbox(
  trx: Executor,
  ctx: AppContext,
  row: Pick<OutboxRow, 'id'>,
  email: OutgoingEmail,
): Promise<boolean> {
  // An address under `.invalid` can never receive mail (RFC 2606): like a real relay, the
  // mailbox takes the message and nobody ever reads it (the demo's wrong address).
  if (/\.invalid$/i.test(email.to.trim())) return false;
  const body: SealedBody = {
    from: email.from,
    messageId: email.messageId,
    date: email.date.toISOString(),
    text: email.text,
    html: email.html,
  };
  return insertMailboxMessage(trx, {
    outbox_id: row.id,
    recipient: email.to,
    subject: email.subject,
    sealed_body: ctx.box.seal(JSON.stringify(body)),
    created_at: ctx.clock.now(),
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The newest messages first. */
export async function listMailbox(ctx: AppContext, limit = 200): Promise<MailboxSummary[]> {
  const rows = await newestMailboxMessages(ctx.database.db, limit);
  return rows.map((r) => ({
    id: Number(r.id),
    to: r.recipient,
    subject: r.subject,
    createdAt: iso(r.created_at),
  }));
}

export async function readMailboxMessage(
  ctx: AppContext,
  id: number,
): Promise<MailboxMessage | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const row = await findMailboxMessage(ctx.database.db, id);
  if (!row) return undefined;
  const body = JSON.parse(ctx.box.open(row.sealed_body)) as SealedBody;
  return {
    id: Number(row.id),
    to: row.recipient,
    subject: row.subject,
    createdAt: iso(row.created_at),
    ...body,
  };
}
