import type { Generated } from 'kysely';

/** Times are epoch milliseconds (integer / bigint), the same on SQLite and PostgreSQL. */
type Millis = number;

export type Language = 'fr' | 'en';
export type Role = 'admin' | 'tech' | 'billing';
export type ServiceStatus = 'ok' | 'expired' | 'inCreation' | 'pendingDebt' | 'unPaid';
/**
 * The states of a request (SPEC §3), listed once: the column's type here, the transition table
 * (contact-changes/states.ts), the API's schema and OpenAPI enum, and the pages' filter all derive
 * from this list (decision 079). It lives in platform/ because the table's type needs it and
 * platform/ imports nothing of the domain.
 */
export const CHANGE_STATES = [
  'todo',
  'checkValidity',
  'validatingByCustomers',
  'doing',
  'done',
  'refused',
  'aborted',
  'expired',
  'error',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];
export type ValidationStatus = 'pending' | 'accepted' | 'refused';
export type OutboxChannel = 'email' | 'webhook';
export type OutboxState = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface AccountTable {
  nichandle: string;
  email: string;
  name: string;
  language: Language;
  password_hash: string | null;
  created_at: Millis;
  /** Bumped by every write that changes the account's services listing (decision 062). */
  contacts_version: Generated<number>;
}

export interface ApiTokenTable {
  id: Generated<number>;
  account: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: Millis;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
}

/** An account's OAuth2 API application (SPEC §10): its secret is shown once, kept hashed. */
export interface OAuth2ClientTable {
  id: Generated<number>;
  /** Public identifier, sent with the secret in the client-credentials grant. */
  client_id: string;
  /** SHA-256 of the client secret. */
  secret_hash: string;
  name: string;
  account: string;
  created_at: Millis;
  last_used_at: Millis | null;
  /** Set once revoked: the application and every access token it got stop working. */
  revoked_at: Millis | null;
}

/** A short-lived access token of the client-credentials grant, by the SHA-256 of its value. */
export interface OAuth2TokenTable {
  token_hash: string;
  /** oauth2_clients.id */
  client: number;
  created_at: Millis;
  expires_at: Millis;
}

export interface SessionTable {
  /** SHA-256 of the session id carried by the cookie. */
  id_hash: string;
  account: string;
  created_at: Millis;
  expires_at: Millis;
}

export interface ServiceTable {
  id: Generated<number>;
  service_type: string;
  service_name: string;
  status: ServiceStatus;
  contact_admin: string;
  contact_tech: string;
  contact_billing: string;
  created_at: Millis;
}

/**
 * One row per (account, service) the account is a contact of: the index behind "my services",
 * kept in step with services.contact_* in the same transaction, so a page of an account's
 * services is a keyset range scan whatever the account holds.
 */
export interface ServiceContactTable {
  account: string;
  service_name: string;
  service_type: string;
  service_id: number;
  is_admin: number;
  is_tech: number;
  is_billing: number;
}

export interface InvoiceTable {
  id: Generated<number>;
  account: string;
  /** Decimal amount as written ("12.50"): never a float. */
  amount: string;
  currency: string;
  status: 'unpaid' | 'paid';
  created_at: Millis;
  paid_at: Millis | null;
}

export interface ContactChangeTable {
  id: Generated<number>;
  service_id: number;
  service_type: string;
  service_name: string;
  asking_account: string;
  from_account: string;
  to_account: string;
  /** Roles moved, comma-separated in the order admin,tech,billing. */
  roles: string;
  /** The right of the asker the request relies on (R13 checks it is still held). */
  asker_right: Role;
  state: ChangeState;
  date_request: Millis;
  date_done: Millis | null;
  expires_at: Millis;
  error_reason: string | null;
  /** The batch of a bulk change (R22), null for a request made alone (migration 012). */
  batch_id: number | null;
}

/** A bulk change (R22): its requests carry its id; each validator has one token for all. */
export interface ChangeBatchTable {
  id: Generated<number>;
  asking_account: string;
  created_at: Millis;
}

/** A role of a service with an open request: the primary key makes R7 hold under races. */
export interface PendingRoleTable {
  service_id: number;
  role: Role;
  request_id: number;
}

export interface ValidationTable {
  request_id: number;
  account: string;
  status: ValidationStatus;
  decided_at: Millis | null;
  /** SHA-256 of the current token; null once used. */
  token_hash: string | null;
  token_sent_at: Millis;
  failed_attempts: number;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: Millis;
  event: string;
  actor: string | null;
  request_id: number | null;
  service_id: number | null;
  /** JSON object with the event's details; never a token. */
  data: string;
  /** PostgreSQL: the writing transaction's id (the feed's order, decision 093); SQLite: 0. */
  txid: Generated<number>;
}

/** A service an operator deleted: its real type and name (its row stays, renamed). */
export interface DeletedServiceTable {
  service_id: number;
  service_type: string;
  service_name: string;
  deleted_at: Millis;
}

/** Where the relay of the event feed to WEBHOOK_URL stands. */
export interface FeedRelayTable {
  name: string;
  txid: number;
  event_id: number;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: OutboxChannel;
  /** Stable across retries: the e-mail's Message-ID, or the webhook's delivery id. */
  message_id: string;
  /** An e-mail address, or the webhook URL. */
  recipient: string;
  /** Account the e-mail is for (null for webhooks). */
  account: string | null;
  language: Language | null;
  /** E-mail template, or webhook event name. */
  template: string;
  /** JSON parameters of the template, or the webhook body; never a token in clear. */
  payload: string;
  /** The validation token sealed with SECRET_KEY (AES-256-GCM); dropped once sent. */
  sealed_secret: string | null;
  request_id: number | null;
  state: OutboxState;
  attempts: number;
  next_attempt_at: Millis;
  locked_by: string | null;
  locked_until: Millis | null;
  last_error: string | null;
  created_at: Millis;
  sent_at: Millis | null;
}

/** The built-in mailbox (no SMTP_URL): messages as delivered, sealed with SECRET_KEY. */
export interface MailboxTable {
  id: Generated<number>;
  outbox_id: number;
  recipient: string;
  subject: string;
  sealed_body: string;
  created_at: Millis;
}

export type EmailChangeState = 'todo' | 'done' | 'refused' | 'aborted' | 'expired';

/** An account's request to change its e-mail address (R19, OVH's emailChange task). */
export interface EmailChangeTable {
  id: Generated<number>;
  account: string;
  /** The address when the request was made: the one told once the change is done. */
  old_email: string;
  new_email: string;
  state: EmailChangeState;
  /** SHA-256 of the code sent to the new address; null once the request has ended. */
  token_hash: string | null;
  failed_attempts: number;
  date_request: Millis;
  date_done: Millis | null;
  expires_at: Millis;
}

/** A password reset link (R20): single use, valid one hour. */
export interface PasswordResetTable {
  /** SHA-256 of the link's token. */
  token_hash: string;
  account: string;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
}

/** Fixed-window counters for rate limits shared by all processes. */
export interface RateLimitTable {
  key: string;
  window_start: Millis;
  hits: number;
}

export interface DB {
  accounts: AccountTable;
  api_tokens: ApiTokenTable;
  oauth2_clients: OAuth2ClientTable;
  oauth2_tokens: OAuth2TokenTable;
  sessions: SessionTable;
  services: ServiceTable;
  service_contacts: ServiceContactTable;
  invoices: InvoiceTable;
  contact_changes: ContactChangeTable;
  change_batches: ChangeBatchTable;
  pending_roles: PendingRoleTable;
  validations: ValidationTable;
  audit_events: AuditEventTable;
  deleted_services: DeletedServiceTable;
  feed_relay: FeedRelayTable;
  outbox: OutboxTable;
  mailbox: MailboxTable;
  rate_limits: RateLimitTable;
  email_changes: EmailChangeTable;
  password_resets: PasswordResetTable;
}
