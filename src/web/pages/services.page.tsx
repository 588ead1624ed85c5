import type { VNode } from 'preact';
import type { Role } from '../../services/roles.js';
import { roleShort, serviceStatusLabel, serviceTypeLabel } from '../i18n.js';
import {
  ContactsHeader,
  DataTable,
  Flash,
  Layout,
  ServiceName,
  servicePath,
  type PageContext,
} from '../layout.js';
import { INPUT_MAX } from '../../shared/input-bounds.js';

export interface ServiceRow {
  serviceType: string;
  serviceName: string;
  status: string;
  contactAdmin: string;
  contactTech: string;
  contactBilling: string;
  myRoles: Role[];
}

export interface ServiceFilters {
  search: string;
  serviceType: string;
  role: string;
  cursor: string;
}

export interface ServicesPageProps {
  ctx: PageContext;
  filters: ServiceFilters;
  serviceTypes: string[];
  items: ServiceRow[];
  nextCursor: string | null;
  error?: string;
}

/** The query string of a filtered list, without empty values. */
export function filterQuery(filters: Partial<ServiceFilters>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function Contact(props: { ctx: PageContext; account: string; mine: boolean }): VNode {
  if (!props.mine) return <span class="nic">{props.account}</span>;
  return (
    <span class="mine">
      <span class="nic">{props.account}</span> <span class="tag">{props.ctx.t('you')}</span>
    </span>
  );
}

export function ServicesPage(props: ServicesPageProps): VNode {
  const { ctx, filters } = props;
  const { t } = ctx;
  const me = ctx.account?.nichandle;
  const filtered = Boolean(filters.search || filters.serviceType || filters.role);
  const types = [...new Set([...props.serviceTypes, filters.serviceType].filter(Boolean))];
  // No service at all and no filter: a new account, not a search that missed.
  const emptyAccount = props.items.length === 0 && !filtered && !filters.cursor && !props.error;
  return (
    <Layout ctx={ctx} title={t('myServices')}>
      <ContactsHeader ctx={ctx} current="services" />
      {props.error && <Flash kind="error">{props.error}</Flash>}
      {!emptyAccount && (
        <>
          <form method="get" action="/contacts/services" class="filters" role="search">
            <div class="field grow">
              <label for="search">{t('search')}</label>
              <input
                id="search"
                name="search"
                type="search"
                value={filters.search}
                maxLength={INPUT_MAX.search}
                placeholder={t('searchPlaceholder')}
              />
            </div>
            <div class="field">
              <label for="serviceType">{t('serviceType')}</label>
              <select id="serviceType" name="serviceType">
                <option value="">{t('allTypes')}</option>
                {types.map((type) => (
                  <option key={type} value={type} selected={type === filters.serviceType}>
                    {serviceTypeLabel(ctx.lang, type)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="role">{t('role')}</label>
              <select id="role" name="role">
                <option value="">{t('allRoles')}</option>
                {(['admin', 'tech', 'billing'] as const).map((role) => (
                  <option key={role} value={role} selected={role === filters.role}>
                    {roleShort(ctx.lang, role)}
                  </option>
                ))}
              </select>
            </div>
            <div class="filter-buttons">
              <button type="submit" class="button">
                {t('filter')}
              </button>
              {filtered && (
                <a class="button button-quiet" href="/contacts/services">
                  {t('resetFilters')}
                </a>
              )}
            </div>
          </form>
          <div class="table-tools">
            <a
              class="button button-quiet"
              href={`/contacts/services.csv${filterQuery({ ...filters, cursor: '' })}`}
              download
            >
              {t('exportCsv')}
            </a>
          </div>
        </>
      )}
      {emptyAccount && (
        <section class="card empty-state" aria-labelledby="empty-title">
          <p id="empty-title" class="lead">
            {t('emptyAccount')}
          </p>
          <p class="muted">{t('emptyAccountHelp')}</p>
        </section>
      )}
      {!emptyAccount && (
        <DataTable
          caption={t('servicesCaption')}
          columns={[
            t('serviceName'),
            t('service'),
            t('contactAdmin'),
            t('contactTech'),
            t('contactBilling'),
            t('actions'),
          ]}
          empty={props.items.length === 0 && !emptyAccount && t('noServices')}
        >
          {props.items.map((row) => {
            const type = serviceTypeLabel(ctx.lang, row.serviceType);
            // Each row's links name their service for screen readers: six "Modifier les contacts"
            // links with one name would be indistinguishable in a list of links.
            const of = t('rowOf', { service: `${row.serviceName} (${type})` });
            return (
              <tr key={`${row.serviceType}/${row.serviceName}`}>
                <th scope="row" class="service-name">
                  <ServiceName name={row.serviceName} />
                  {row.status !== 'ok' && (
                    <span class="tag tag-muted">{serviceStatusLabel(ctx.lang, row.status)}</span>
                  )}
                </th>
                <td data-label={t('service')}>{type}</td>
                <td data-label={t('contactAdmin')}>
                  <Contact ctx={ctx} account={row.contactAdmin} mine={row.contactAdmin === me} />
                </td>
                <td data-label={t('contactTech')}>
                  <Contact ctx={ctx} account={row.contactTech} mine={row.contactTech === me} />
                </td>
                <td data-label={t('contactBilling')}>
                  <Contact
                    ctx={ctx}
                    account={row.contactBilling}
                    mine={row.contactBilling === me}
                  />
                </td>
                <td class="row-actions">
                  <label class="select-row">
                    <input
                      type="checkbox"
                      name="service"
                      value={`${row.serviceType}/${row.serviceName}`}
                      form="bulk-selection"
                    />
                    <span class="visually-hidden">
                      {t('selectService', { service: `${row.serviceName} (${type})` })}
                    </span>
                  </label>
                  <a href={servicePath(row.serviceType, row.serviceName, 'edit')}>
                    {t('modifyContacts')}
                    <span class="visually-hidden">{of}</span>
                  </a>
                  <a href={servicePath(row.serviceType, row.serviceName, 'history')}>
                    {t('history')}
                    <span class="visually-hidden">{of}</span>
                  </a>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {!emptyAccount && props.items.length > 0 && (
        <form id="bulk-selection" method="get" action="/contacts/services/bulk" class="stack">
          {(['search', 'serviceType', 'role'] as const).map((name) => (
            <input key={name} type="hidden" name={name} value={filters[name]} />
          ))}
          <label>
            <input type="checkbox" name="all" value="1" /> {t('selectAllMatching')}
          </label>
          <div class="form-buttons">
            <button type="submit" class="button">
              {t('modifySelection')}
            </button>
          </div>
        </form>
      )}
      <nav class="pager" aria-label={t('myServices')}>
        {filters.cursor && (
          <a href={`/contacts/services${filterQuery({ ...filters, cursor: '' })}`}>
            {t('firstPage')}
          </a>
        )}
        {props.nextCursor && (
          <a
            rel="next"
            href={`/contacts/services${filterQuery({ ...filters, cursor: props.nextCursor })}`}
          >
            {t('nextPage')}
          </a>
        )}
      </nav>
    </Layout>
  );
}
