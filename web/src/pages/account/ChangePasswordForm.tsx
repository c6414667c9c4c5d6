import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ChangePasswordDocument } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { NO_ERRORS, sortErrors } from '../../components/form-errors';
import { PasswordField } from '../../components/PasswordField';
import { personalWords } from '../../use-password-estimate';
import { useFormErrors } from '../../components/use-form-errors';
import { UsernameField } from '../../components/UsernameField';
import { REQUEST_FAILED } from '../../messages';
import { useAccountExit } from './use-account-exit';

const FIELDS = ['currentPassword', 'newPassword'];

/** A new password with the current one: the account's other devices are signed out, this one stays. */
export function ChangePasswordForm({ name, email, onChanged }: { name: string; email: string; onChanged(): void }) {
  const { leftIfSignedOut } = useAccountExit();
  const [{ fetching }, changePassword] = useMutation(ChangePasswordDocument);
  const { errors, setErrors, ...focus } = useFormErrors();
  /** Changes made here; each empties the form, so no password is left in it. */
  const [changes, setChanges] = useState(0);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    };
    const payload = (await changePassword({ input })).data?.changePassword;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    if (!payload.user) return setErrors(sortErrors(payload.errors, FIELDS));
    setErrors(NO_ERRORS);
    setChanges((count) => count + 1);
    onChanged();
  };

  return (
    <section className="step" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <p className="lead">Your other devices are signed out when it changes; this one stays signed in.</p>
      <Alert ref={focus.summary} messages={errors.general} />
      <form key={changes} ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <UsernameField email={email} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.byField.currentPassword}
        />
        <PasswordField
          label="New password"
          name="newPassword"
          required
          hint="At least 8 characters, hard to guess: a few uncommon words will do."
          userInputs={personalWords(name, email)}
          error={errors.byField.newPassword}
        />
        <button type="submit" disabled={fetching}>
          Change password
        </button>
      </form>
      {changes > 0 && (
        <p role="status" className="notice">
          Your password is changed. Your other devices were signed out; this one stays signed in.
        </p>
      )}
    </section>
  );
}
