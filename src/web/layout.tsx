import { Fragment, type ComponentChildren, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ChangeState } from '../platform/database/schema.js';
import { stateLabel, translator, type Language, type Translate } from './i18n.js';

/** What every page knows about the person looking at it. */
export interface PageContext {
  lang: Language;
  t: Translate;
  /** The logged-in account, if any. */
  account?: { nichandle: string; name: string };
  /** CSRF token for the forms of this session (or of the login form). */
  csrf: string;
  /** Path and query of the page to show again in the other language (the language switch). */
  url: string;
}

export function pageContext(
  lang: Language,
  url: string,
  csrf: string,
  account?: PageContext['account'],
): PageContext {
  return { lang, t: translator(lang), account, csrf, url };
}

/** Renders a whole page; preact escapes every text and attribute value. */
export function renderPage(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** The current URL with `lang` set: the link of the language switch. */
export function withLanguage(url: string, lang: Language): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}${parsed.search}`;
}

export function Layout(props: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
}): VNode {
  const { ctx, title } = props;
  const { t } = ctx;
  const other: Language = ctx.lang === 'fr' ? 'en' : 'fr';
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{`${title} · ${t('appName')}`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        <script src="/assets/app.js" defer />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header class="topbar">
          <a class="brand" href={ctx.account ? '/contacts/services' : '/login'}>
            <span class="brand-mark" aria-hidden="true">
              ◆
            </span>
            {t('appName')}
          </a>
          <div class="topbar-right">
            <a
              class="lang-switch"
              href={withLanguage(ctx.url, other)}
              lang={other}
              hreflang={other}
            >
              {t('otherLanguage')}
            </a>
            {ctx.account && (
              <>
                <span class="who">
                  <span class="visually-hidden">{t('loggedInAs')} </span>
                  <strong>{ctx.account.name}</strong>{' '}
                  <span class="nic">{ctx.account.nichandle}</span>
                </span>
                <a class="profile-link" href="/account/profile">
                  {t('myProfile')}
                </a>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrf} />
                  <button type="submit" class="button button-quiet">
                    {t('logOut')}
                  </button>
                </form>
              </>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export type Tab = 'services' | 'requests' | 'tokens';

/** The heading of the guide's "Gestion des contacts" page and its tabs, as navigation links. */
export function ContactsHeader(props: { ctx: PageContext; current: Tab }): VNode {
  const { t } = props.ctx;
  const tabs: [Tab, string, string][] = [
    ['services', '/contacts/services', t('myServices')],
    ['requests', '/contacts/requests', t('myRequests')],
    ['tokens', '/account/api-tokens', t('apiTokens')],
  ];
  return (
    <>
      <h1>{t('contactManagement')}</h1>
      <nav class="tabs" aria-label={t('contactManagement')}>
        {tabs.map(([tab, href, label]) => (
          <a
            key={tab}
            href={href}
            class={tab === props.current ? 'tab current' : 'tab'}
            aria-current={tab === props.current ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
    </>
  );
}

export type FlashKind = 'success' | 'error' | 'warning' | 'info';

/** A message after an action: errors are announced at once, the others politely. */
export function Flash(props: { kind: FlashKind; children: ComponentChildren }): VNode {
  return (
    <div class={`flash flash-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export function StateBadge(props: { lang: Language; state: ChangeState }): VNode {
  return <span class={`badge badge-${props.state}`}>{stateLabel(props.lang, props.state)}</span>;
}

/**
 * A list table: hidden caption for screen readers (unless a heading above already names it),
 * column headers, and a row saying so when the list is empty. Rows come as children (each starts
 * with its `th scope="row"`).
 */
export function DataTable(props: {
  caption?: string;
  columns: string[];
  empty: string | false;
  children: ComponentChildren;
}): VNode {
  return (
    <div class="table-wrap">
      <table class="cards">
        {props.caption !== undefined && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.empty !== false && (
            <tr>
              <td colSpan={props.columns.length} class="empty">
                {props.empty}
              </td>
            </tr>
          )}
          {props.children}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The errors of a form, above it: announced, focused when the page loads (so a keyboard or
 * screen-reader user lands on it), each linked to the field it concerns.
 */
export function ErrorSummary(props: {
  title?: string;
  errors: { message: string; field?: string }[];
}): VNode | null {
  if (props.errors.length === 0) return null;
  return (
    <div
      id="error-summary"
      class="flash flash-error error-summary"
      role="alert"
      tabIndex={-1}
      autofocus
      aria-labelledby={props.title ? 'error-summary-title' : undefined}
    >
      {props.title && <h2 id="error-summary-title">{props.title}</h2>}
      {props.errors.map((error) => (
        <p key={error.message}>
          {error.field ? <a href={`#${error.field}`}>{error.message}</a> : error.message}
        </p>
      ))}
    </div>
  );
}

/**
 * A service's name with break opportunities after dots and dashes, so a long name wraps between
 * its labels rather than in the middle of a word.
 */
export function ServiceName(props: { name: string }): VNode {
  const parts = props.name.split(/(?<=[.\-_])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

export function CsrfField(props: { ctx: PageContext }): VNode {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf} />;
}

/** Link to a service's pages; names may hold any character, so each part is encoded. */
export function servicePath(serviceType: string, serviceName: string, page: string): string {
  return `/contacts/services/${encodeURIComponent(serviceType)}/${encodeURIComponent(serviceName)}/${page}`;
}
