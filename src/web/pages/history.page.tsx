import type { VNode } from 'preact';
import type { ContactsSnapshot, HistoryEvent } from '../../audit/contact-history.js';
import { CONTACT_TYPE, ROLES, type Role } from '../../services/roles.js';
import {
  eventLabel,
  formatDate,
  formatDay,
  providerReasonText,
  reasonText,
  roleLabel,
  serviceTypeLabel,
  type Language,
  type Translate,
} from '../i18n.js';
import { Layout, servicePath, type PageContext } from '../layout.js';

export interface RolePeriod {
  account: string;
  from: string;
  to: string | null;
  /** The request that gave the role to this account; null when the service was created so. */
  requestId: number | null;
}

function snapshotOf(details: Record<string, unknown>): ContactsSnapshot | undefined {
  const c = details as Partial<ContactsSnapshot>;
  if (typeof c.contactAdmin === 'string' && typeof c.contactTech === 'string') {
    return c as ContactsSnapshot;
  }
  return undefined;
}

/** Who held each role from when to when, rebuilt from the service's audit events (R17). */
export function rolePeriods(history: HistoryEvent[]): Record<Role, RolePeriod[]> {
  const periods: Record<Role, RolePeriod[]> = { admin: [], tech: [], billing: [] };
  for (const event of history) {
    let snapshot: ContactsSnapshot | undefined;
    if (event.event === 'service.created' || event.event === 'service.contacts') {
      snapshot = snapshotOf(event.details);
    } else if (event.event === 'request.applied') {
      const contacts = event.details.contacts;
      snapshot =
        typeof contacts === 'object' && contacts !== null
          ? snapshotOf(contacts as Record<string, unknown>)
          : undefined;
    }
    if (!snapshot) continue;
    for (const role of ROLES) {
      const account = snapshot[CONTACT_TYPE[role]];
      const list = periods[role];
      const last = list[list.length - 1];
      if (last && last.account === account) continue;
      if (last) last.to = event.date;
      const requestId = event.event === 'request.applied' ? event.taskId : null;
      list.push({ account, from: event.date, to: null, requestId });
    }
  }
  return periods;
}

function eventDetails(t: Translate, lang: Language, event: HistoryEvent): string {
  const d = event.details;
  const parts: string[] = [];
  if (typeof d.fromAccount === 'string' && typeof d.toAccount === 'string') {
    parts.push(`${d.fromAccount} → ${d.toAccount}`);
  }
  if (typeof d.to === 'string') parts.push(`→ ${d.to}`);
  if (typeof d.reason === 'string') {
    // A failure's reason is the domain's English sentence; an operator's reason is their own.
    parts.push(
      event.event === 'request.failed'
        ? reasonText(lang, d.reason)
        : providerReasonText(lang, d.reason),
    );
  }
  if (event.event === 'service.created') {
    const s = snapshotOf(d);
    if (s) {
      parts.push(
        `${t('contactAdmin')}: ${s.contactAdmin}, ${t('contactTech')}: ${s.contactTech}, ${t('contactBilling')}: ${s.contactBilling}`,
      );
    }
  }
  return parts.join(' · ');
}

export interface HistoryPageProps {
  ctx: PageContext;
  serviceType: string;
  serviceName: string;
  history: HistoryEvent[];
  asOf?: { date: string; contacts: ContactsSnapshot | undefined };
}

export function HistoryPage(props: HistoryPageProps): VNode {
  const { ctx, serviceType, serviceName, history } = props;
  const { t, lang } = ctx;
  const service = `${serviceName} (${serviceTypeLabel(lang, serviceType)})`;
  const periods = rolePeriods(history);
  const shown = history.filter((e) => e.event !== 'email.queued' && e.event !== 'email.sent');
  return (
    <Layout ctx={ctx} title={t('historyTitle', { service })}>
      <p class="breadcrumb">
        <a href="/contacts/services">{t('myServices')}</a>
      </p>
      <h1 class="breakable">{t('historyTitle', { service })}</h1>
      <p>
        <a class="button" href={servicePath(serviceType, serviceName, 'edit')}>
          {t('modifyContacts')}
        </a>
      </p>
      <h2>{t('whoHeld')}</h2>
      <div class="periods">
        {ROLES.map((role) => (
          <section class="card" key={role} aria-labelledby={`periods-${role}`}>
            <h3 id={`periods-${role}`}>{roleLabel(t, role)}</h3>
            <table class="compact cards">
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('from')}</th>
                  <th scope="col">{t('to')}</th>
                  <th scope="col">{t('changedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {periods[role].map((p, i) => (
                  <tr key={i}>
                    <td class="nic" data-label={t('name')}>
                      {p.account}
                    </td>
                    <td data-label={t('from')}>{formatDate(lang, p.from)}</td>
                    <td data-label={t('to')}>{p.to ? formatDate(lang, p.to) : t('today')}</td>
                    <td data-label={t('changedBy')}>
                      {p.requestId === null ? (
                        t('creation')
                      ) : (
                        <a href={`/contacts/requests?taskId=${p.requestId}`}>
                          {t('requestTitle', { id: p.requestId })}
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <h2>{t('asOf')}</h2>
      <form method="get" class="filters">
        <div class="field">
          <label for="at">{t('asOfDate')}</label>
          <input id="at" name="at" type="date" value={props.asOf?.date ?? ''} required />
        </div>
        <div class="filter-buttons">
          <button type="submit" class="button">
            {t('show')}
          </button>
        </div>
      </form>
      {props.asOf && (
        <div class="card" role="status">
          {props.asOf.contacts ? (
            <>
              <p>{t('asOfResult', { date: formatDay(lang, props.asOf.date) })}</p>
              <dl class="facts">
                <dt>{t('contactAdmin')}</dt>
                <dd class="nic">{props.asOf.contacts.contactAdmin}</dd>
                <dt>{t('contactTech')}</dt>
                <dd class="nic">{props.asOf.contacts.contactTech}</dd>
                <dt>{t('contactBilling')}</dt>
                <dd class="nic">{props.asOf.contacts.contactBilling}</dd>
              </dl>
            </>
          ) : (
            <p>{t('asOfNone')}</p>
          )}
        </div>
      )}
      <h2>{t('events')}</h2>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('event')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('request')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <tr key={event.id}>
                <td data-label={t('date')}>{formatDate(lang, event.date)}</td>
                <td data-label={t('event')}>{eventLabel(lang, event.event)}</td>
                <td class="nic" data-label={t('actor')}>
                  {event.actor ?? t('system')}
                </td>
                <td data-label={t('request')}>
                  <span>
                    {event.taskId !== null && (
                      <a href={`/contacts/requests?taskId=${event.taskId}`}>{event.taskId}</a>
                    )}
                  </span>
                </td>
                <td class="small breakable" data-label={t('details')}>
                  {eventDetails(t, lang, event)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
