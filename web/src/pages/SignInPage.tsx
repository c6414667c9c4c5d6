import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { LoginDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { sortErrors } from '../components/form-errors';
import { useFormErrors } from '../components/use-form-errors';
import { REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { savePending } from '../pending-verification';
import { Link, useRouter } from '../router';
import { useSession } from '../session';

const FIELDS = ['email', 'password'];

export function SignInPage() {
  const { navigate } = useRouter();
  const session = useSession();
  const [{ fetching }, login] = useMutation(LoginDocument);
  const [unverifiedEmail, setUnverifiedEmail] = useState<string>();
  const { errors, setErrors, ...focus } = useFormErrors();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setUnverifiedEmail(undefined);
    const payload = (await login({ input })).data?.login;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (!payload.user) {
      if (payload.errors.some((error) => error.code === 'NOT_VERIFIED')) setUnverifiedEmail(input.email);
      return setErrors(sortErrors(payload.errors, FIELDS));
    }
    session.signedIn(payload.user);
    navigate(PAGES.account);
  };

  const toVerify = (email: string) => {
    savePending({ email });
    navigate(PAGES.verify);
  };

  return (
    <>
      <h1>Sign in</h1>
      <Alert ref={focus.summary} messages={errors.general}>
        {unverifiedEmail && (
          <p>
            <button type="button" className="link" onClick={() => toVerify(unverifiedEmail)}>
              Enter your code
            </button>
          </p>
        )}
      </Alert>
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.byField.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.byField.password}
        />
        <p className="field-hint">
          <Link to={PAGES.forgotPassword}>Forgot password?</Link>
        </p>
        <button type="submit" disabled={fetching}>
          Sign in
        </button>
      </form>
      <p className="aside">
        New here? <Link to={PAGES.signUp}>Create an account</Link>
      </p>
    </>
  );
}
