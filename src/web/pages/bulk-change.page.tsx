import type { VNode } from 'preact';
import type { BulkChangeAnswer } from '../../contact-changes/change-contacts-in-bulk.js';
import { errorText, serviceTypeLabel } from '../i18n.js';
import { ContactsHeader, CsrfField, Flash, Layout, type PageContext } from '../layout.js';

export interface BulkSelection {
  /** "type/name" of each service ticked, or the filter when "all matching" was ticked. */
  services: string[];
  all: boolean;
  filter: { search: string; serviceType: string; role: string };
}

export interface BulkChangePageProps {
  ctx: PageContext;
  selection: BulkSelection;
  count: number;
  contacts: Record<'contactAdmin' | 'contactTech' | 'contactBilling', string>;
  summary?: BulkChangeAnswer;
  error?: string;
}

function SelectionFields(props: { selection: BulkSelection }): VNode {
  const { selection } = props;
  if (selection.all) {
    return (
      <>
        <input type="hidden" name="all" value="1" />
        {Object.entries(selection.filter).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </>
    );
  }
  return (
    <>
      {selection.services.map((value) => (
        <input key={value} type="hidden" name="service" value={value} />
      ))}
    </>
  );
}

/** "Modifier les contacts de la sélection" (R22): the new contacts, then the summary and Valider. */
export function BulkChangePage(props: BulkChangePageProps): VNode {
  const { ctx, summary } = props;
  const { t, lang } = ctx;
  const fields = ['contactAdmin', 'contactTech', 'contactBilling'] as const;
  return (
    <Layout ctx={ctx} title={t('modifySelection')}>
      <ContactsHeader ctx={ctx} current="services" />
      <h2>{t('modifySelection')}</h2>
      {props.error && <Flash kind="error">{props.error}</Flash>}
      <p>{t('bulkSelected', { count: props.count })}</p>
      <p class="hint">{t('bulkIntro')}</p>
      <form method="get" action="/contacts/services/bulk" class="stack">
        <SelectionFields selection={props.selection} />
        <input type="hidden" name="preview" value="1" />
        {fields.map((field) => (
          <div class="field" key={field}>
            <label for={`bulk-${field}`}>{t(field)}</label>
            <input
              id={`bulk-${field}`}
              name={field}
              type="text"
              maxLength={64}
              autocapitalize="none"
              spellcheck={false}
              value={props.contacts[field]}
            />
          </div>
        ))}
        <div class="form-buttons">
          <button type="submit" class="button">
            {t('bulkPreview')}
          </button>
        </div>
      </form>
      {summary && (
        <section class="card" aria-labelledby="bulk-summary">
          <h3 id="bulk-summary">{t('bulkSummary')}</h3>
          <details>
            <summary>{t('bulkWillAsk', { count: summary.requests.length })}</summary>
            <ul class="items">
              {summary.requests.map((r) => (
                <li key={`${r.serviceType}/${r.serviceName}`}>
                  {r.serviceName}{' '}
                  <span class="muted">({serviceTypeLabel(lang, r.serviceType)})</span>
                </li>
              ))}
            </ul>
          </details>
          <details open={summary.errors.length > 0 && summary.errors.length <= 20}>
            <summary>{t('bulkWillRefuse', { count: summary.errors.length })}</summary>
            <ul class="items">
              {summary.errors.map((e) => (
                <li key={`${e.serviceType}/${e.serviceName}`}>
                  {e.serviceName}{' '}
                  <span class="muted">({serviceTypeLabel(lang, e.serviceType)})</span> —{' '}
                  {errorText(lang, e.errorCode)}
                </li>
              ))}
            </ul>
          </details>
          {summary.requests.length > 0 && (
            <form method="post" action="/contacts/services/bulk">
              <CsrfField ctx={ctx} />
              <SelectionFields selection={props.selection} />
              {fields.map((field) => (
                <input key={field} type="hidden" name={field} value={props.contacts[field]} />
              ))}
              <button type="submit" class="button button-primary">
                {t('bulkValidate')}
              </button>
            </form>
          )}
        </section>
      )}
    </Layout>
  );
}
