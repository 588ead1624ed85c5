import type { VNode } from 'preact';
import type { ChangeView } from '../../contact-changes/change.presenter.js';
import type { BatchLine, ChangeLine } from '../../contact-changes/list-change-lines.js';
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
  /** Requests made alone, and batches (R22) as one line each. */
  lines: ChangeLine[];
  /** Key of the last line, to continue the list below, when there are more. */
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

function RequestRow(props: {
  ctx: PageContext;
  view: ChangeView;
  me: string;
  focused: boolean;
  stateQuery: string;
}): VNode {
  const { ctx, view } = props;
  const { t, lang } = ctx;
  const waiting = waitingText(t, view, props.me);
  return (
    <tr class={props.focused ? 'focused' : ''}>
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
          href={`/contacts/requests?taskId=${view.id}${props.stateQuery}`}
          aria-label={t('openRequest', { id: view.id })}
        >
          {t('open')}
        </a>
      </td>
    </tr>
  );
}

/** A batch (R22) in one line: what it asks, on how many services, how far along it is. */
function BatchRow(props: { ctx: PageContext; batch: BatchLine }): VNode {
  const { ctx, batch } = props;
  const { t, lang } = ctx;
  const { first, more } = batch.fromAccounts;
  const services =
    batch.serviceCount === 1
      ? t('batchServicesOne')
      : t('batchServices', { count: batch.serviceCount });
  const unnamed = batch.serviceCount - batch.firstServices.length;
  return (
    <tr class="batch">
      <th scope="row">
        <span class="req-id">
          {batch.count === 1
            ? t('batchLineOne', { id: batch.batchId })
            : t('batchLine', { id: batch.batchId, count: batch.count })}
        </span>
        <span class="muted small">{formatDate(lang, batch.dateRequest)}</span>
      </th>
      <td class="nic" data-label={t('contactToChange')}>
        <span>
          {first.join(', ')}
          {more > 0 && (
            <span class="muted small">
              {' '}
              {more === 1 ? t('andOneMore') : t('andMore', { count: more })}
            </span>
          )}
        </span>
      </td>
      <td class="nic" data-label={t('requestedContact')}>
        {batch.toAccounts.join(', ')}
      </td>
      <td data-label={t('contactTypes')}>{contactTypesText(lang, batch.contactTypes)}</td>
      <td data-label={t('service')}>
        <span>
          <span>{services}</span>{' '}
          <span class="small batch-services">
            {batch.firstServices.map((s, i) => (
              <span key={`${s.serviceType}/${s.serviceName}`}>
                {i > 0 && ', '}
                <span class="breakable">
                  <ServiceName name={s.serviceName} />
                </span>{' '}
                <span class="muted">({serviceTypeLabel(lang, s.serviceType)})</span>
              </span>
            ))}
            {unnamed > 0 && '…'}
          </span>
        </span>
      </td>
      <td data-label={t('state')}>
        <span>
          <ul class="batch-states" aria-label={t('batchStates')}>
            {batch.states.map((s) => (
              <li key={s.state}>
                <span class={`badge badge-${s.state}`}>
                  {t('stateCount', { state: stateLabel(lang, s.state), count: s.count })}
                </span>
              </li>
            ))}
          </ul>
          {batch.awaitingCaller > 0 && (
            <span class="small waiting">{t('batchWaiting', { count: batch.awaitingCaller })}</span>
          )}
        </span>
      </td>
      <td class="row-actions">
        <a
          href={`/contacts/requests?batchId=${batch.batchId}`}
          aria-label={t('openBatch', { id: batch.batchId })}
        >
          {t('open')}
        </a>
      </td>
    </tr>
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
        empty={props.lines.length === 0 && t('noRequests')}
      >
        {props.lines.map((line) =>
          line.kind === 'batch' ? (
            <BatchRow key={`batch-${line.batch.batchId}`} ctx={ctx} batch={line.batch} />
          ) : (
            <RequestRow
              key={line.view.id}
              ctx={ctx}
              view={line.view}
              me={me}
              focused={props.focus?.view.id === line.view.id}
              stateQuery={stateQuery}
            />
          ),
        )}
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
