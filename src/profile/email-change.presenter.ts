import { effectiveState, type EmailChange } from './email-change.repository.js';

/** OVH's nichandle.emailChange.Task. */
export function presentEmailChange(change: EmailChange, now: number) {
  const expired = effectiveState(change, now) === 'expired' && change.state === 'todo';
  const done = expired ? change.expires_at : change.date_done;
  return {
    id: change.id,
    newEmail: change.new_email,
    state: effectiveState(change, now),
    dateRequest: new Date(change.date_request).toISOString(),
    dateDone: done === null ? null : new Date(done).toISOString(),
  };
}
