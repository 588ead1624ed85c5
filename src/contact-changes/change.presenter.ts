import { CONTACT_TYPE, decodeRoles } from '../services/roles.js';
import type { ContactChange, Validation } from './change.repository.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The request as SPEC §5 shows it, with the accounts it still waits for. */
export function presentChange(change: ContactChange, validations: Validation[]) {
  return {
    id: change.id,
    askingAccount: change.asking_account,
    fromAccount: change.from_account,
    toAccount: change.to_account,
    contactTypes: decodeRoles(change.roles).map((r) => CONTACT_TYPE[r]),
    serviceType: change.service_type,
    serviceDomain: change.service_name,
    state: change.state,
    dateRequest: iso(change.date_request)!,
    dateDone: iso(change.date_done),
    expiresAt: iso(change.expires_at)!,
    errorReason: change.error_reason,
    validations: validations.map((v) => ({
      account: v.account,
      status: v.status,
      date: iso(v.decided_at),
    })),
    waitingFor:
      change.state === 'validatingByCustomers'
        ? validations.filter((v) => v.status === 'pending').map((v) => v.account)
        : [],
  };
}

export type ChangeView = ReturnType<typeof presentChange>;
