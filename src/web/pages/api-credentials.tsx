import type { ComponentChildren, VNode } from 'preact';
import { formatDate } from '../i18n.js';
import { CsrfField, type PageContext } from '../layout.js';

/**
 * What the API page's two kinds of credentials (API tokens, OAuth2 applications) share: a secret
 * shown once, the form that makes one from a name, and a row of their table.
 */

/** A secret shown this once, in a read-only field so it can be selected and copied. */
export function SecretField(props: { id: string; label: string; value: string }): VNode {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        class="secret"
        type="text"
        readOnly
        value={props.value}
        spellcheck={false}
      />
    </>
  );
}

/** The form that makes a credential: its name, and one button. */
export function CreateByNameForm(props: {
  ctx: PageContext;
  action: string;
  inputId: string;
  label: string;
  button: string;
}): VNode {
  return (
    <form method="post" action={props.action} class="filters">
      <CsrfField ctx={props.ctx} />
      <div class="field grow">
        <label for={props.inputId}>{props.label}</label>
        <input id={props.inputId} name="name" type="text" maxLength={100} required />
      </div>
      <div class="filter-buttons">
        <button type="submit" class="button button-primary">
          {props.button}
        </button>
      </div>
    </form>
  );
}

/**
 * A credential's row: its name, the cells given as children, when it was made and last used, and
 * its revoke button (`confirm` is what the browser asks before posting).
 */
export function CredentialRow(props: {
  ctx: PageContext;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revoke: { action: string; confirm: string; label: string };
  children?: ComponentChildren;
}): VNode {
  const { ctx, revoke } = props;
  const { t, lang } = ctx;
  return (
    <tr>
      <th scope="row">{props.name}</th>
      {props.children}
      <td data-label={t('createdOn')}>{formatDate(lang, props.createdAt)}</td>
      <td data-label={t('lastUsed')}>
        {props.lastUsedAt ? formatDate(lang, props.lastUsedAt) : t('never')}
      </td>
      <td class="row-actions">
        <form method="post" action={revoke.action} class="inline" data-confirm={revoke.confirm}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-danger-quiet" aria-label={revoke.label}>
            {t('revoke')}
          </button>
        </form>
      </td>
    </tr>
  );
}
