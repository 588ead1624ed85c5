import type { VNode } from 'preact';
import type { ChangeView } from '../../contact-changes/change.repository.js';
import { ALL_STATES } from '../../contact-changes/states.js';
import type { ContactType } from '../../services/roles.js';
import { roleOfContactType } from '../../services/roles.js';
import { formatDate, roleShort, stateLabel, type Language, type Translate } from '../i18n.js';
import {
  ContactsHeader,
  CsrfField,
  DataTable,
  Flash,
  Layout,
  servicePath,
  StateBadge,
  type FlashKind,
  type PageContext,
} from '../layout.js';

/** What the person looking at one request may do with it. */
export interface RequestActions {
  decide: boolean;
  resend: boolean;
  cancel: boolean;
}

export interface FocusedRequest {
  view: ChangeView;
  actions: RequestActions;
  /** The code of the e-mail link (R9), shown in the field, never used until a button is pressed. */
  token: string;
}

export interface RequestsPageProps {
  ctx: PageContext;
  state: string;
  items: ChangeView[];
  /** Id to continue the list below, when there are more. */
  before: number | null;
  focus?: FocusedRequest;
  messages: { kind: FlashKind; lines: string[] }[];
}

export function contactTypesText(lang: Language, types: ContactType[]): string {
  return types.map((type) => roleShort(lang, roleOfContactType(type))).join(', ');
}

function waitingText(t: Translate, view: ChangeView, me: string): string | undefined {
  if (view.state !== 'validatingByCustomers') return undefined;
  const someoneAccepted = view.validations.some((v) => v.status === 'accepted');
  const others = view.waitingFor.filter((account) => account !== me);
  if (!someoneAccepted) return undefined;
  if (others.length > 0) return t('waitingFor', { who: others.join(', ') });
  return view.waitingFor.includes(me) ? t('waitingForYou') : undefined;
}

function validationText(t: Translate, status: string): string {
  if (status === 'accepted') return t('validationAccepted');
  if (status === 'refused') return t('validationRefused');
  return t('validationPending');
}

function RequestDetail(props: { ctx: PageContext; focus: FocusedRequest }): VNode {
  const { ctx, focus } = props;
  const { t, lang } = ctx;
  const view = focus.view;
  const me = ctx.account?.nichandle ?? '';
  const waiting = waitingText(t, view, me);
  const base = `/contacts/requests/${view.id}`;
  return (
    <section class="card request-detail" aria-labelledby="request-title">
      <h2 id="request-title">
        {t('requestTitle', { id: view.id })} <StateBadge lang={lang} state={view.state} />
      </h2>
      {waiting && <Flash kind="info">{waiting}</Flash>}
      <dl class="facts">
        <dt>{t('service')}</dt>
        <dd>
          <a href={servicePath(view.serviceType, view.serviceDomain, 'history')}>
            {view.serviceDomain}
          </a>{' '}
          <span class="muted">({view.serviceType})</span>
        </dd>
        <dt>{t('contactTypes')}</dt>
        <dd>{contactTypesText(lang, view.contactTypes)}</dd>
        <dt>{t('contactToChange')}</dt>
        <dd class="nic">{view.fromAccount}</dd>
        <dt>{t('requestedContact')}</dt>
        <dd class="nic">{view.toAccount}</dd>
        <dt>{t('askedBy')}</dt>
        <dd class="nic">{view.askingAccount}</dd>
        <dt>{t('sentOn')}</dt>
        <dd>{formatDate(lang, view.dateRequest)}</dd>
        {view.dateDone ? (
          <>
            <dt>{t('doneOn')}</dt>
            <dd>{formatDate(lang, view.dateDone)}</dd>
          </>
        ) : (
          <>
            <dt>{t('expiresOn')}</dt>
            <dd>{formatDate(lang, view.expiresAt)}</dd>
          </>
        )}
        {view.errorReason && (
          <>
            <dt>{t('errorReason')}</dt>
            <dd>{view.errorReason}</dd>
          </>
        )}
        <dt>{t('validations')}</dt>
        <dd>
          <ul class="validations">
            {view.validations.map((v) => (
              <li key={v.account}>
                <span class="nic">{v.account}</span>
                {v.account === me && <span class="tag">{t('you')}</span>}:{' '}
                <span class={`vstatus vstatus-${v.status}`}>{validationText(t, v.status)}</span>
                {v.date && <span class="muted"> — {formatDate(lang, v.date)}</span>}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {focus.actions.decide && (
        <form method="post" action={`${base}/accept`} class="stack decide" autocomplete="off">
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="token">{t('validationCode')}</label>
            <input
              id="token"
              name="token"
              type="text"
              autocomplete="one-time-code"
              autocapitalize="none"
              spellcheck={false}
              required
              maxLength={200}
              value={focus.token}
              aria-describedby="token-help"
            />
            <p id="token-help" class="hint">
              {t('validationCodeHelp')}
            </p>
          </div>
          <div class="form-buttons">
            <button type="submit" class="button button-primary">
              {t('acceptRequest')}
            </button>
            <button type="submit" class="button button-danger" formAction={`${base}/refuse`}>
              {t('refuseRequest')}
            </button>
          </div>
        </form>
      )}
      {(focus.actions.resend || focus.actions.cancel) && (
        <div class="form-buttons">
          {focus.actions.resend && (
            <form method="post" action={`${base}/resend`} class="inline">
              <CsrfField ctx={ctx} />
              <button type="submit" class="button">
                {t('resendRequest')}
              </button>
            </form>
          )}
          {focus.actions.cancel && (
            <form method="post" action={`${base}/cancel`} class="inline" data-confirm="1">
              <CsrfField ctx={ctx} />
              <button type="submit" class="button button-danger-quiet">
                {t('cancelRequest')}
              </button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}

export function RequestsPage(props: RequestsPageProps): VNode {
  const { ctx } = props;
  const { t, lang } = ctx;
  const me = ctx.account?.nichandle ?? '';
  const stateQuery = props.state ? `&state=${encodeURIComponent(props.state)}` : '';
  return (
    <Layout ctx={ctx} title={t('myRequests')}>
      <ContactsHeader ctx={ctx} current="requests" />
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
            {ALL_STATES.map((state) => (
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
              <td class="nic">{view.fromAccount}</td>
              <td class="nic">{view.toAccount}</td>
              <td>{contactTypesText(lang, view.contactTypes)}</td>
              <td>
                {view.serviceDomain} <span class="muted small">{view.serviceType}</span>
              </td>
              <td>
                <StateBadge lang={lang} state={view.state} />
                {waiting && <span class="small waiting">{waiting}</span>}
              </td>
              <td class="row-actions">
                <a
                  href={`/contacts/requests?taskId=${view.id}${stateQuery}`}
                  aria-label={`${t('open')} ${t('requestTitle', { id: view.id })}`}
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
