import type { VNode } from 'preact';
import type { PageContext } from '../layout.js';

/**
 * The new password of R20, on the profile page and on the reset link's page: the same bounds and
 * help, and `autocomplete="new-password"` so that a password manager offers to make one.
 */
export function NewPasswordField(props: { ctx: PageContext }): VNode {
  const { t } = props.ctx;
  return (
    <div class="field">
      <label for="new-password">{t('profileNewPassword')}</label>
      <input
        id="new-password"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        minLength={8}
        maxLength={200}
        aria-describedby="new-password-help"
      />
      <p id="new-password-help" class="hint">
        {t('profilePasswordHelp')}
      </p>
    </div>
  );
}
