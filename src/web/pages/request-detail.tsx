import type { VNode } from 'preact';
import type { RequestActions } from '../../contact-changes/change.policy.js';
import type { ChangeView } from '../../contact-changes/change.presenter.js';
import {
  formatDate,
  reasonText,
  serviceTypeLabel,
  type MessageKey,
  type Translate,
} from '../i18n.js';
import {
  CsrfField,
  Flash,
  servicePath,
  StateBadge,
  type FlashKind,
  type PageContext,
} from '../layout.js';
import { contactTypesText } from './request-words.js';
import { CodeField } from './code-field.js';

/** What the person looking at one request may do with it: the policy's answer (decision 080). */
export type { RequestActions };

export interface FocusedRequest {
  view: ChangeView;
  actions: RequestActions;
  /** The code of the e-mail link (R9), shown in the field, never used until a button is pressed. */
  token: string;
  /** Whether the reader holds a role on the service today (else its history is not theirs). */
  serviceLink: boolean;
  /** An error of the last action, tied to the code field when it concerns the code. */
  error?: { message: string; field?: 'token' };
  /** Where the viewer's e-mail of this request went, partly hidden. */
  sentTo?: string;
}

/** What the request waits for, said to this reader: the asker is told it must validate too. */
export function waitingText(t: Translate, view: ChangeView, me: string): string | undefined {
  if (view.state !== 'validatingByCustomers') return undefined;
  const others = view.waitingFor.filter((account) => account !== me);
  const mine = view.waitingFor.includes(me);
  if (mine && view.validations.length === 1) return t('youAloneValidate');
  if (mine && others.length > 0) {
    const someoneAccepted = view.validations.some((v) => v.status === 'accepted');
    return someoneAccepted ? t('youMustValidate') : t('youAndOther', { who: others.join(', ') });
  }
  if (mine) return t('youMustValidate');
  if (others.length > 0) return t('waitingFor', { who: others.join(', ') });
  return undefined;
}

function validationText(t: Translate, status: string, open: boolean): string {
  if (status === 'accepted') return t('validationAccepted');
  if (status === 'refused') return t('validationRefused');
  return open ? t('validationPending') : t('validationNoAnswer');
}

/** Who a resend goes to: the reader when it is awaited, else every validator still awaited. */
function resendTargets(view: ChangeView, me: string): string[] {
  if (view.waitingFor.includes(me)) return [me];
  return view.waitingFor;
}

function ServiceFact(props: { ctx: PageContext; focus: FocusedRequest }): VNode {
  const { view } = props.focus;
  const type = serviceTypeLabel(props.ctx.lang, view.serviceType);
  return (
    <span class="service-line">
      {props.focus.serviceLink ? (
        <a class="breakable" href={servicePath(view.serviceType, view.serviceDomain, 'history')}>
          {view.serviceDomain}
        </a>
      ) : (
        <span class="breakable">{view.serviceDomain}</span>
      )}
      <span class="muted">({type})</span>
      {!props.focus.serviceLink && (
        <span class="muted small">— {props.ctx.t('serviceNoAccess')}</span>
      )}
    </span>
  );
}

export function RequestDetail(props: { ctx: PageContext; focus: FocusedRequest }): VNode {
  const { ctx, focus } = props;
  const { t, lang } = ctx;
  const view = focus.view;
  const me = ctx.account?.nichandle ?? '';
  const open = view.state === 'validatingByCustomers';
  const waiting = waitingText(t, view, me);
  const base = `/contacts/requests/${view.id}`;
  const tokenError = focus.error?.field === 'token';
  const targets = resendTargets(view, me);
  const endedKey = `endedOn_${view.state}` as MessageKey;
  const waitingKind: FlashKind = view.waitingFor.includes(me) ? 'warning' : 'info';
  return (
    <section class="card request-detail" aria-labelledby="request-title">
      <h2 id="request-title">
        {t('requestTitle', { id: view.id })} <StateBadge lang={lang} state={view.state} />
      </h2>
      {waiting && <Flash kind={waitingKind}>{waiting}</Flash>}
      {focus.sentTo && view.state === 'validatingByCustomers' && (
        <p class="hint sent-to">
          {t('sentTo', { email: focus.sentTo })} <a href="/account/profile">{t('checkAddress')}</a>
        </p>
      )}
      <dl class="facts">
        <dt>{t('service')}</dt>
        <dd>
          <ServiceFact ctx={ctx} focus={focus} />
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
            <dt>{t(endedKey)}</dt>
            <dd>{formatDate(lang, view.dateDone)}</dd>
          </>
        ) : (
          <>
            <dt>{t(view.state === 'expired' ? 'endedOn_expired' : 'expiresOn')}</dt>
            <dd>{formatDate(lang, view.expiresAt)}</dd>
          </>
        )}
        {view.errorReason && (
          <>
            <dt>{t('errorReason')}</dt>
            <dd>{reasonText(lang, view.errorReason)}</dd>
          </>
        )}
        <dt>{t('validations')}</dt>
        <dd>
          <ul class="validations">
            {view.validations.map((v) => (
              <li key={v.account}>
                <span class="nic">{v.account}</span>
                {v.account === me && <span class="tag">{t('you')}</span>}
                {lang === 'fr' ? '\u202f: ' : ': '}
                <span class={`vstatus vstatus-${v.status}`}>
                  {validationText(t, v.status, open)}
                </span>
                {v.date && <span class="muted"> — {formatDate(lang, v.date)}</span>}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {focus.actions.decide && (
        <form method="post" action={`${base}/accept`} class="stack decide" autocomplete="off">
          <CsrfField ctx={ctx} />
          <CodeField
            ctx={ctx}
            id="token"
            value={focus.token}
            help={t('validationCodeHelp')}
            error={tokenError ? focus.error?.message : undefined}
          />
          <div class="form-buttons">
            <button type="submit" class="button button-primary">
              {t('acceptRequest')}
            </button>
            {/* Refusing ends the request for everyone: it asks first, in the page's words. */}
            <details class="confirm">
              <summary class="button button-danger-quiet">{t('refuseRequest')}</summary>
              <p>{t('confirmRefuseText', { id: view.id })}</p>
              <button type="submit" class="button button-danger" formAction={`${base}/refuse`}>
                {t('confirmRefuse')}
              </button>
            </details>
          </div>
        </form>
      )}
      {(focus.actions.resend || focus.actions.cancel) && (
        <div class="form-buttons">
          {focus.actions.resend && (
            <form method="post" action={`${base}/resend`} class="inline">
              <CsrfField ctx={ctx} />
              <button type="submit" class="button" aria-describedby="resend-to">
                {t('resendRequest')}
              </button>{' '}
              <span id="resend-to" class="hint">
                {t('resendTo', { who: targets.join(', ') })}
              </span>
            </form>
          )}
          {focus.actions.cancel && (
            <form method="post" action={`${base}/cancel`} class="inline">
              <CsrfField ctx={ctx} />
              <details class="confirm">
                <summary class="button button-danger-quiet">{t('cancelRequest')}</summary>
                <p>{t('confirmCancelText', { id: view.id })}</p>
                <button type="submit" class="button button-danger">
                  {t('confirmCancel')}
                </button>
              </details>
            </form>
          )}
        </div>
      )}
    </section>
  );
}
