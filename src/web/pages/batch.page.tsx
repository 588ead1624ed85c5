import type { VNode } from 'preact';
import type { ChangeView } from '../../contact-changes/change.presenter.js';
import { serviceTypeLabel } from '../i18n.js';
import {
  ContactsHeader,
  CsrfField,
  Flash,
  Layout,
  StateBadge,
  type FlashKind,
  type PageContext,
} from '../layout.js';
import { CodeField } from './code-field.js';

export interface BatchPageProps {
  ctx: PageContext;
  batchId: number;
  items: ChangeView[];
  /** Requests where the caller's answer is awaited. */
  waiting: number;
  token: string;
  messages: { kind: FlashKind; text: string }[];
}

/** A batch (R22): one line that opens to its requests, and one code for all of them. */
export function BatchPage(props: BatchPageProps): VNode {
  const { ctx, batchId } = props;
  const { t, lang } = ctx;
  const base = `/contacts/requests/batch/${batchId}`;
  return (
    <Layout ctx={ctx} title={t('batchTitle', { id: batchId })}>
      <ContactsHeader ctx={ctx} current="requests" />
      {props.messages.map((m, i) => (
        <Flash key={i} kind={m.kind}>
          {m.text}
        </Flash>
      ))}
      <section class="card" aria-labelledby="batch-title">
        <h2 id="batch-title">{t('batchTitle', { id: batchId })}</h2>
        <details>
          <summary>{t('batchRequests', { count: props.items.length })}</summary>
          <ul class="items">
            {props.items.map((view) => (
              <li key={view.id}>
                <a href={`/contacts/requests?taskId=${view.id}`}>n° {view.id}</a>{' '}
                {view.serviceDomain}{' '}
                <span class="muted">({serviceTypeLabel(lang, view.serviceType)})</span>{' '}
                <span class="nic">{view.fromAccount}</span> →{' '}
                <span class="nic">{view.toAccount}</span>{' '}
                <StateBadge lang={lang} state={view.state} />
              </li>
            ))}
          </ul>
        </details>
        {props.waiting > 0 && (
          <form method="post" action={`${base}/accept`} class="stack decide" autocomplete="off">
            <CsrfField ctx={ctx} />
            <p>{t('batchWaiting', { count: props.waiting })}</p>
            <CodeField ctx={ctx} id="batch-token" value={props.token} />
            <div class="form-buttons">
              <button type="submit" class="button button-primary">
                {t('acceptAll')}
              </button>
              <button type="submit" class="button button-danger" formAction={`${base}/refuse`}>
                {t('refuseAll')}
              </button>
            </div>
          </form>
        )}
      </section>
    </Layout>
  );
}
