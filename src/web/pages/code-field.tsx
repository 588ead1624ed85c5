import type { VNode } from 'preact';
import { INPUT_MAX } from '../../shared/input-bounds.js';
import type { PageContext } from '../layout.js';

/**
 * The field of an e-mailed code (a request's, a batch's, an e-mail change's): a one-time code
 * as phones offer it, never corrected or capitalised, bounded like the API's token. With `help`
 * and `error`, the sentences are tied to the field for screen readers.
 */
export function CodeField(props: {
  ctx: PageContext;
  id: string;
  value: string;
  help?: string;
  error?: string;
}): VNode {
  const { id, help, error } = props;
  const describedBy = [error && `${id}-error`, help && `${id}-help`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.ctx.t('validationCode')}</label>
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
      <input
        id={id}
        name="token"
        type="text"
        autocomplete="one-time-code"
        autocapitalize="none"
        spellcheck={false}
        required
        maxLength={INPUT_MAX.token}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {help && (
        <p id={`${id}-help`} class="hint">
          {help}
        </p>
      )}
    </div>
  );
}
