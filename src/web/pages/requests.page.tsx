import type { VNode } from 'preact';
import type { ChangeView } from '../../contact-changes/change.presenter.js';
import { FILTER_STATES, formatDate, serviceTypeLabel, stateLabel } from '../i18n.js';
import {
  ContactsHeader,
  CsrfField,
  DataTable,
  ErrorSummary,
  Flash,
  Layout,
  ServiceName,
  StateBadge,
  type FlashKind,
  type PageContext,
} from '../layout.js';
import { RequestDetail, waitingText, type FocusedRequest } from './request-detail.js';
import { contactTypesText } from './request-words.js';

export type { FocusedRequest, RequestActions } from './request-detail.js';
export { contactTypesText } from './request-words.js';

export interface RequestsPageProps {
  ctx: PageContext;
  state: string;
  items: ChangeView[];
  /** Id to continue the list below, when there are more. */
  before: number | null;
  focus?: FocusedRequest;
  messages: { kind: FlashKind; lines: string[] }[];
  /** An e-mail link opened in another account: the page to come back to after switching. */
  switchAccount?: { message: string; next: string };
}

/** "Log out and come back here": the way out when a link was opened in the wrong account. */
export function SwitchAccount(props: { ctx: PageContext; message: string; next: string }): VNode {
  const { t } = props.ctx;
  return (
    <div class="flash flash-warning" role="alert">
      <p>{props.message}</p>
      <form method="post" action="/logout" class="form-buttons">
        <CsrfField ctx={props.ctx} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" class="button button-primary" aria-describedby="switch-hint">
          {t('switchAccount')}
        </button>
        <span id="switch-hint" class="hint">
          {t('switchAccountHint')}
        </span>
      </form>
    </div>
  );
}

export function RequestsPage(props: RequestsPageProps): VNode {
  const { ctx } = props;
  const { t, lang } = ctx;
  const me = ctx.account?.nichandle ?? '';
  const stateQuery = props.state ? `&state=${encodeURIComponent(props.state)}` : '';
  const focusError = props.focus?.error;
  // The title names the request shown, so tabs and history entries tell requests apart.
  const title = props.focus
    ? `${t('requestTitle', { id: props.focus.view.id })} · ${t('myRequests')}`
    : t('myRequests');
  return (
    <Layout ctx={ctx} title={title}>
      <ContactsHeader ctx={ctx} current="requests" />
      {focusError && <ErrorSummary errors={[focusError]} />}
      {props.switchAccount && (
        <SwitchAccount
          ctx={ctx}
          message={props.switchAccount.message}
          next={props.switchAccount.next}
        />
      )}
      {props.messages.map((message, i) => (
        <Flash key={i} kind={message.kind}>
          {message.lines.length === 1 ? (
            message.lines[0]
          ) : (
            <ul class="plain">
              {message.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </Flash>
      ))}
      {props.focus && <RequestDetail ctx={ctx} focus={props.focus} />}
      <form method="get" action="/contacts/requests" class="filters">
        <div class="field">
          <label for="state">{t('stateFilter')}</label>
          <select id="state" name="state">
            <option value="">{t('allStates')}</option>
            {FILTER_STATES.map((state) => (
              <option key={state} value={state} selected={state === props.state}>
                {stateLabel(lang, state)}
              </option>
            ))}
          </select>
        </div>
        <div class="filter-buttons">
          <button type="submit" class="button">
            {t('filter')}
          </button>
        </div>
      </form>
      <DataTable
        caption={t('requestsCaption')}
        columns={[
          t('requestId'),
          t('contactToChange'),
          t('requestedContact'),
          t('contactTypes'),
          t('service'),
          t('state'),
          t('actions'),
        ]}
        empty={props.items.length === 0 && t('noRequests')}
      >
        {props.items.map((view) => {
          const waiting = waitingText(t, view, me);
          return (
            <tr key={view.id} class={props.focus?.view.id === view.id ? 'focused' : ''}>
              <th scope="row">
                <span class="req-id">{view.id}</span>
                <span class="muted small">{formatDate(lang, view.dateRequest)}</span>
              </th>
              <td class="nic" data-label={t('contactToChange')}>
                {view.fromAccount}
              </td>
              <td class="nic" data-label={t('requestedContact')}>
                {view.toAccount}
              </td>
              <td data-label={t('contactTypes')}>{contactTypesText(lang, view.contactTypes)}</td>
              <td data-label={t('service')}>
                <span>
                  <span class="breakable">
                    <ServiceName name={view.serviceDomain} />
                  </span>{' '}
                  <span class="muted small">{serviceTypeLabel(lang, view.serviceType)}</span>
                </span>
              </td>
              <td data-label={t('state')}>
                <span>
                  <StateBadge lang={lang} state={view.state} />
                  {waiting && <span class="small waiting">{waiting}</span>}
                </span>
              </td>
              <td class="row-actions">
                <a
                  href={`/contacts/requests?taskId=${view.id}${stateQuery}`}
                  aria-label={t('openRequest', { id: view.id })}
                >
                  {t('open')}
                </a>
              </td>
            </tr>
          );
        })}
      </DataTable>
      {props.before !== null && (
        <nav class="pager" aria-label={t('myRequests')}>
          <a rel="next" href={`/contacts/requests?before=${props.before}${stateQuery}`}>
            {t('nextPage')}
          </a>
        </nav>
      )}
    </Layout>
  );
}
