import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { DeleteAccountDocument } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { Checkbox } from '../../components/Checkbox';
import { Field } from '../../components/Field';
import { sortErrors } from '../../components/form-errors';
import { useFormErrors } from '../../components/use-form-errors';
import { UsernameField } from '../../components/UsernameField';
import { REQUEST_FAILED } from '../../messages';
import { PAGES } from '../../../../src/http/web-pages';
import { useAccountExit } from './use-account-exit';

const FIELDS = ['password'];

/** Leaving for good: the password and a tick that says the person knows there is no way back. */
export function DeleteAccountForm({ email }: { email: string }) {
  const { leave, leftIfSignedOut } = useAccountExit();
  const [{ fetching }, deleteAccount] = useMutation(DeleteAccountDocument);
  const { errors, setErrors, ...focus } = useFormErrors();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!form.get('understood'))
      return setErrors({ byField: { understood: 'Tick this box to delete your account.' }, general: [] });
    const payload = (await deleteAccount({ input: { password: String(form.get('password') ?? '') } })).data
      ?.deleteAccount;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    if (!payload.deleted) return setErrors(sortErrors(payload.errors, FIELDS));
    leave(PAGES.signUp, 'Your account was deleted, with everything we kept about it.');
  };

  return (
    <section className="step" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p className="lead">
        Your account and everything kept about it are removed for good. Your email is then free for a new signup.
      </p>
      <Alert ref={focus.summary} messages={errors.general} />
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <UsernameField email={email} />
        <Field
          label="Password to confirm deletion"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.byField.password}
        />
        <Checkbox label="I understand this cannot be undone" name="understood" error={errors.byField.understood} />
        <button type="submit" className="danger" disabled={fetching}>
          Delete my account
        </button>
      </form>
    </section>
  );
}
