import type { VNode } from 'preact';
import { CONTACT_TYPE, ROLES, type Role } from '../../services/roles.js';
import { roleLabel, serviceTypeLabel } from '../i18n.js';
import { CsrfField, ErrorSummary, Layout, servicePath, type PageContext } from '../layout.js';
import { INPUT_MAX } from '../../shared/input-bounds.js';

/** An error of the form, tied to the field it concerns when there is one. */
export interface FormError {
  message: string;
  /** `contactAdmin`, `contactTech`, `contactBilling` or `confirmHandover`. */
  field?: string;
}

export interface EditContactsPageProps {
  ctx: PageContext;
  serviceType: string;
  serviceName: string;
  current: Record<Role, string>;
  myRoles: Role[];
  editable: Role[];
  /** What the fields show: today's contacts, or what the person typed before an error. */
  values: Record<Role, string>;
  /**
   * R5: the current billing contact owes an invoice, so the billing field is locked, with one
   * message saying who is in debt and what to do.
   */
  unpaidBlock?: string;
  /** Open requests on a role of this service, by role. */
  pending: Partial<Record<Role, number>>;
  errors: FormError[];
  /** The handover box was ticked before an error: keep it ticked. */
  handoverConfirmed?: boolean;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length > 0 ? list.join(' ') : undefined;
}

export function EditContactsPage(props: EditContactsPageProps): VNode {
  const { ctx, serviceType, serviceName } = props;
  const { t } = ctx;
  const me = ctx.account?.nichandle ?? '';
  const isAdmin = props.myRoles.includes('admin');
  const service = `${serviceName} (${serviceTypeLabel(ctx.lang, serviceType)})`;
  const rights = isAdmin
    ? [t('whoValidatesAdmin')]
    : props.myRoles.map((role) => t(role === 'tech' ? 'whoValidatesTech' : 'whoValidatesBilling'));
  const errorOf = (field: string) => props.errors.find((e) => e.field === field);
  const handoverError = errorOf('confirmHandover');
  return (
    <Layout ctx={ctx} title={t('editTitle', { service })}>
      <p class="breadcrumb">
        <a href="/contacts/services">{t('myServices')}</a>
      </p>
      <h1 class="breakable">{t('editTitle', { service })}</h1>
      <ErrorSummary title={t('errorSummary')} errors={props.errors} />
      <section class="card">
        <p>{t('editIntro')}</p>
        {rights.map((text) => (
          <p key={text}>{text}</p>
        ))}
        <p id="who-validates" class="note">
          {t('whoValidatesBoth', { me })}
          {/* Only the admin may take a role back (R2b): the hint is for it alone. */}
          {isAdmin && ` ${t('selfNaming')}`}
        </p>
        <form
          method="post"
          action={servicePath(serviceType, serviceName, 'edit')}
          class="stack"
          novalidate
        >
          <CsrfField ctx={ctx} />
          {ROLES.map((role) => {
            const field = CONTACT_TYPE[role];
            const blocked = role === 'billing' && props.unpaidBlock !== undefined;
            const editable = props.editable.includes(role) && !blocked;
            const pending = props.pending[role];
            const error = errorOf(field);
            const handover = role === 'admin' && editable;
            const described = describedBy(
              error && `${field}-error`,
              editable ? 'who-validates' : !blocked && `${field}-locked`,
              blocked && 'unpaid-block',
              handover && 'handover-warning',
              pending !== undefined && `${field}-pending`,
            );
            return (
              <div class="field" key={role}>
                <label for={field}>{roleLabel(t, role)}</label>
                {blocked && (
                  <div id="unpaid-block" class="flash flash-warning" role="note">
                    {props.unpaidBlock}
                  </div>
                )}
                {handover && (
                  <p id="handover-warning" class="flash flash-warning">
                    {t('handoverWarning')}
                  </p>
                )}
                {error && (
                  <p id={`${field}-error`} class="field-error">
                    {error.message}
                  </p>
                )}
                <input
                  id={field}
                  name={field}
                  type="text"
                  autocapitalize="none"
                  spellcheck={false}
                  maxLength={INPUT_MAX.nichandle}
                  value={editable ? props.values[role] : props.current[role]}
                  disabled={!editable}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={described}
                />
                {!editable && !blocked && (
                  <p id={`${field}-locked`} class="hint">
                    {t('notEditable')}
                  </p>
                )}
                {pending !== undefined && (
                  <p id={`${field}-pending`} class="hint">
                    <a href={`/contacts/requests?taskId=${pending}`}>
                      {t('pendingFor', { id: pending })}
                    </a>
                  </p>
                )}
                {handover && (
                  <>
                    {handoverError && (
                      <p id="confirmHandover-error" class="field-error">
                        {handoverError.message}
                      </p>
                    )}
                    <label class="check" for="confirmHandover">
                      <input
                        id="confirmHandover"
                        name="confirmHandover"
                        type="checkbox"
                        value="yes"
                        checked={props.handoverConfirmed}
                        aria-invalid={handoverError ? 'true' : undefined}
                        aria-describedby={describedBy(
                          handoverError && 'confirmHandover-error',
                          'handover-warning',
                        )}
                      />
                      <span>{t('confirmHandover')}</span>
                    </label>
                  </>
                )}
              </div>
            );
          })}
          <div class="form-buttons">
            <button type="submit" class="button button-primary">
              {t('validate')}
            </button>
            <a class="button button-quiet" href="/contacts/services">
              {t('back')}
            </a>
          </div>
        </form>
      </section>
    </Layout>
  );
}
