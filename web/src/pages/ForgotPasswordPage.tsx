import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RequestPasswordResetDocument, ResetPasswordDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { useCaptcha } from '../captcha/use-captcha';
import { Field } from '../components/Field';
import { NO_ERRORS, sortErrors, type SortedErrors } from '../components/form-errors';
import { PasswordField } from '../components/PasswordField';
import { personalWords } from '../use-password-estimate';
import { useErrorFocus } from '../components/use-error-focus';
import { UsernameField } from '../components/UsernameField';
import { REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { resendAvailableAt } from '../pending-verification';
import { Link, useRouter } from '../router';
import { useSession } from '../session';
import { formatWait, useCountdown } from '../use-countdown';

const REQUEST_FIELDS = ['email'];
const RESET_FIELDS = ['code', 'newPassword'];

/** A forgotten password: a code texted to the account's phone, then a new password with it. */
export function ForgotPasswordPage() {
  const { navigate } = useRouter();
  const session = useSession();
  const [email, setEmail] = useState('');
  /** How many requests were answered OK: each shows the reset form, and puts the focus in it. */
  const [sentCount, setSentCount] = useState(0);
  const sent = sentCount > 0;
  /** When the server takes another request for this email: the same for every email, account or not. */
  const [nextRequest, setNextRequest] = useState<{ email: string; at: number }>();
  const [requestState, requestReset] = useMutation(RequestPasswordResetDocument);
  const [resetState, resetPassword] = useMutation(ResetPasswordDocument);
  const [requestErrors, setRequestErrors] = useState<SortedErrors>(NO_ERRORS);
  const [resetErrors, setResetErrors] = useState<SortedErrors>(NO_ERRORS);
  const requestFocus = useErrorFocus(requestErrors);
  // A reset goes to a number its owner verified, which the SMS guard always lets through: the check
  // shows only if the server ever asks for one.
  const captcha = useCaptcha();
  const resetFocus = useErrorFocus(resetErrors);
  // The wait is the email's own: another email may be asked for at once.
  const wait = useCountdown(nextRequest?.email === email ? nextRequest.at : undefined);
  const resetForm = resetFocus.form;
  useEffect(() => {
    // The button that had the focus waits out its cooldown, disabled: the code goes next.
    if (sentCount > 0) resetForm.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, [sentCount, resetForm]);

  const onRequest = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim()) return setRequestErrors({ byField: { email: 'Enter the email of your account.' }, general: [] });
    const payload = (await requestReset({ input: { email, captcha: captcha.answer } })).data?.requestPasswordReset;
    if (!payload) return setRequestErrors({ byField: {}, general: [REQUEST_FAILED] });
    captcha.answered(payload.errors);
    setRequestErrors(sortErrors(payload.errors, REQUEST_FIELDS));
    const limited = payload.errors.find((error) => error.code === 'RATE_LIMITED');
    if (payload.errors.length === 0 || limited)
      setNextRequest({ email, at: resendAvailableAt(payload.verification, limited?.retryAfter) });
    if (payload.errors.length === 0) setSentCount((count) => count + 1);
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
      <Alert ref={requestFocus.summary} messages={requestErrors.general} />
      <form ref={requestFocus.form} onSubmit={onRequest} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={requestErrors.byField.email}
        />
        {captcha.check}
        <div className="with-wait">
          <button
            type="submit"
            className={sent ? 'secondary' : undefined}
            disabled={wait > 0 || requestState.fetching}
            aria-describedby="reset-wait"
          >
            Send reset code
          </button>
          <p id="reset-wait" className="field-hint">
            {wait > 0
              ? `You can ask for a new code in ${formatWait(wait)}.`
              : sent
                ? 'No text message? Ask again.'
                : ''}
          </p>
        </div>
      </form>
      {sent && (
        <section className="step" aria-labelledby="reset-heading">
          {/* The same words for every email, so the page cannot tell anyone which emails have accounts. */}
          <p role="status" className="notice">
            If a verified account has this email, a code is sent to its phone.
          </p>
          <h2 id="reset-heading">Choose a new password</h2>
          <Alert ref={resetFocus.summary} messages={resetErrors.general} />
          <form ref={resetFocus.form} onSubmit={onReset} noValidate>
            <UsernameField email={email} />
            <Field
              label="Reset code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={resetErrors.byField.code}
            />
            <PasswordField
              label="New password"
              name="newPassword"
              required
              hint="At least 8 characters, hard to guess: a few uncommon words will do."
              userInputs={personalWords(email)}
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
