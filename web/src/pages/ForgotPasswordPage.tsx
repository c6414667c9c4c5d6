import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RequestPasswordResetDocument, ResetPasswordDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { useCaptcha } from '../captcha/use-captcha';
import { SendCodeButtons } from '../components/SendCodeButtons';
import { Field } from '../components/Field';
import { NO_ERRORS, sortErrors } from '../components/form-errors';
import { PasswordField } from '../components/PasswordField';
import { personalWords } from '../use-password-estimate';
import { useFormErrors } from '../components/use-form-errors';
import { UsernameField } from '../components/UsernameField';
import { REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { clearPendingReset, loadPendingReset, savePendingReset, type PendingReset } from '../pending-reset';
import { codeAskedAfter } from '../pending-verification';
import { Link } from '../router';
import { useCountdown } from '../use-countdown';
import { useFallbackChannels, type FallbackChannel } from '../use-code-channels';
import { useFinishSignIn } from '../use-finish-sign-in';
import { fillCode, useWebOtp } from '../use-web-otp';

const REQUEST_FIELDS = ['email'];
const RESET_FIELDS = ['code', 'newPassword'];
const NO_EMAIL = 'Enter the email of your account.';

/** The same words for every email, so the page cannot tell anyone which emails have accounts. */
const SENT: Record<FallbackChannel | 'SMS', string> = {
  SMS: 'If a verified account has this email, a code is sent to its phone.',
  CALL: 'If a verified account has this email, we are calling its phone.',
  WHATSAPP: 'If a verified account has this email, a code is sent to its phone by WhatsApp.',
};

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A forgotten password: a code texted to the account's phone, then a new password with it. */
export function ForgotPasswordPage() {
  const finish = useFinishSignIn('reset');
  /** The reset this tab has under way, as sessionStorage kept it: a reload or "back" finds it again. */
  const [reset, setReset] = useState(loadPendingReset);
  const [email, setEmail] = useState(() => reset?.email ?? '');
  /** Times the code form was opened from here: each puts the focus in it. */
  const [opened, setOpened] = useState(0);
  const [requestState, requestReset] = useMutation(RequestPasswordResetDocument);
  const [resetState, resetPassword] = useMutation(ResetPasswordDocument);
  const { errors: requestErrors, setErrors: setRequestErrors, ...requestFocus } = useFormErrors();
  // A reset goes to a number its owner verified, which the SMS guard always lets through: the check
  // shows only if the server ever asks for one.
  const captcha = useCaptcha();
  const { errors: resetErrors, setErrors: setResetErrors, ...resetFocus } = useFormErrors();
  // The code form and the wait are the email's own: another email may be asked for at once.
  const current = reset && sameEmail(reset.email, email) ? reset : undefined;
  const sent = current?.requestedAt !== undefined;
  const wait = useCountdown(current?.resendAvailableAt);
  const resetForm = resetFocus.form;
  const fallbacks = useFallbackChannels();
  // The code fills in, and the focus goes to the new password, which only the person can type.
  useWebOtp(current?.requestedAt, (code) => fillCode(resetForm.current, code));
  useEffect(() => {
    // The button that had the focus waits out its cooldown, disabled: the code goes next.
    if (opened > 0) resetForm.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, [opened, resetForm]);

  const remember = (next: PendingReset, { focusCode = true } = {}) => {
    savePendingReset(next);
    setReset(next);
    if (focusCode) setOpened((count) => count + 1);
  };

  const onRequest = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return request();
  };

  /** A code by text, or, once the text did not come, by the channel asked for. */
  const request = async (channel?: FallbackChannel) => {
    if (!email.trim()) return setRequestErrors({ byField: { email: NO_EMAIL }, general: [] });
    const input = { email, captcha: captcha.answer, channel };
    const payload = (await requestReset({ input })).data?.requestPasswordReset;
    if (!payload) return setRequestErrors({ byField: {}, general: [REQUEST_FAILED] });
    captcha.answered(payload.errors);
    setRequestErrors(sortErrors(payload.errors, REQUEST_FIELDS));
    const asked = codeAskedAfter(payload, { email }, channel, current);
    if (asked) remember(asked.pending, { focusCode: asked.focusCode });
  };

  /** A code received before (another tab, a lost tab): entered without asking for a new one, which would replace it. */
  const onHaveCode = () => {
    if (!email.trim()) return setRequestErrors({ byField: { email: NO_EMAIL }, general: [] });
    setRequestErrors(NO_ERRORS);
    remember(current ?? { email });
  };

  const onReset = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email, code: String(form.get('code') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
    const payload = (await resetPassword({ input })).data?.resetPassword;
    if (!payload) return setResetErrors({ byField: {}, general: [REQUEST_FAILED] });
    // The code is spent either way: with a second step to take, the new password waits for it.
    if (payload.user || payload.twoStep) clearPendingReset();
    if (!finish(payload)) setResetErrors(sortErrors(payload.errors, RESET_FIELDS));
  };

  return (
    <>
      <h1>Reset your password</h1>
      <p className="lead">We will text a code to the phone number of your account.</p>
      <Alert ref={requestFocus.summary} messages={requestErrors.general} />
      <form ref={requestFocus.form} onChange={requestFocus.onChange} onSubmit={onRequest} noValidate>
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
        <SendCodeButtons
          asked={Boolean(current)}
          sent={sent}
          wait={wait}
          busy={requestState.fetching}
          fallbacks={fallbacks}
          onAsk={request}
          waitId="reset-wait"
        >
          Send reset code
        </SendCodeButtons>
        {!current && (
          <p className="field-hint">
            <button type="button" className="link" onClick={onHaveCode}>
              I already have a code
            </button>
          </p>
        )}
      </form>
      {current && (
        <section className="step" aria-labelledby="reset-heading">
          {sent && (
            <p role="status" className="notice">
              {SENT[current.channel ?? 'SMS']}
            </p>
          )}
          <h2 id="reset-heading">Choose a new password</h2>
          <Alert ref={resetFocus.summary} messages={resetErrors.general} />
          <form ref={resetFocus.form} onChange={resetFocus.onChange} onSubmit={onReset} noValidate>
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
