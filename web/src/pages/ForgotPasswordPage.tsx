import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RequestPasswordResetDocument, ResetPasswordDocument } from '../../../client/generated/graphql';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { NO_ERRORS, sortErrors, type SortedErrors } from '../components/form-errors';
import { REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { Link, useRouter } from '../router';
import { useSession } from '../session';

const REQUEST_FIELDS = ['email'];
const RESET_FIELDS = ['code', 'newPassword'];

/** A forgotten password: a code texted to the account's phone, then a new password with it. */
export function ForgotPasswordPage() {
  const { navigate } = useRouter();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [requestState, requestReset] = useMutation(RequestPasswordResetDocument);
  const [resetState, resetPassword] = useMutation(ResetPasswordDocument);
  const [requestErrors, setRequestErrors] = useState<SortedErrors>(NO_ERRORS);
  const [resetErrors, setResetErrors] = useState<SortedErrors>(NO_ERRORS);

  const onRequest = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim()) return setRequestErrors({ byField: { email: 'Enter the email of your account.' }, general: [] });
    const payload = (await requestReset({ input: { email } })).data?.requestPasswordReset;
    if (!payload) return setRequestErrors({ byField: {}, general: [REQUEST_FAILED] });
    setRequestErrors(sortErrors(payload.errors, REQUEST_FIELDS));
    if (payload.errors.length === 0) setSent(true);
  };

  const onReset = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email, code: String(form.get('code') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
    const payload = (await resetPassword({ input })).data?.resetPassword;
    if (!payload) return setResetErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (!payload.user) return setResetErrors(sortErrors(payload.errors, RESET_FIELDS));
    session.signedIn(payload.user);
    navigate(PAGES.account, 'Your password is changed. Every other device was signed out.');
  };

  return (
    <>
      <h1>Reset your password</h1>
      <p className="lead">We will text a code to the phone number of your account.</p>
      <Alert messages={requestErrors.general} />
      <form onSubmit={onRequest} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={requestErrors.byField.email}
        />
        <button type="submit" className={sent ? 'secondary' : undefined} disabled={requestState.fetching}>
          Send reset code
        </button>
      </form>
      {sent && (
        <section className="step" aria-labelledby="reset-heading">
          {/* The same words for every email, so the page cannot tell anyone which emails have accounts. */}
          <p role="status" className="notice">
            If a verified account has this email, a code is sent to its phone. If none arrives, ask again in 30 seconds.
          </p>
          <h2 id="reset-heading">Choose a new password</h2>
          <Alert messages={resetErrors.general} />
          <form onSubmit={onReset} noValidate>
            <Field
              label="Reset code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={resetErrors.byField.code}
            />
            <Field
              label="New password"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              hint="At least 8 characters."
              error={resetErrors.byField.newPassword}
            />
            <button type="submit" disabled={resetState.fetching}>
              Reset password
            </button>
          </form>
        </section>
      )}
      <p className="aside">
        Remembered it? <Link to={PAGES.signIn}>Sign in</Link>
      </p>
    </>
  );
}
