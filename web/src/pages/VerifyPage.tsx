import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ResendCodeDocument, VerifyUserDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { useCaptcha } from '../captcha/use-captcha';
import { FallbackButtons, sentBy } from '../components/FallbackButtons';
import { Field } from '../components/Field';
import { sortErrors } from '../components/form-errors';
import { useFormErrors } from '../components/use-form-errors';
import { REQUEST_FAILED } from '../messages';
import { formatPhone } from '../phone';
import { PAGES } from '../../../src/http/web-pages';
import {
  clearPending,
  loadPending,
  resendAvailableAt,
  savePending,
  type PendingVerification,
} from '../pending-verification';
import { useRouter } from '../router';
import { useSession } from '../session';
import { formatWait, useCountdown } from '../use-countdown';
import { useOutboxLink } from '../use-outbox-link';
import { useFallbackChannels, type FallbackChannel } from '../use-code-channels';
import { fillCode, useWebOtp } from '../use-web-otp';

/** Enter the texted code; or ask for a new one, once the cooldown is over. */
export function VerifyPage() {
  const { navigate } = useRouter();
  const session = useSession();
  const [pending, setPending] = useState(loadPending);
  const [email, setEmail] = useState('');
  const [verifyState, verifyUser] = useMutation(VerifyUserDocument);
  const [resendState, resendCode] = useMutation(ResendCodeDocument);
  const [notice, setNotice] = useState<string>();
  const { errors, setErrors, ...focus } = useFormErrors();
  const wait = useCountdown(pending?.resendAvailableAt);
  const outbox = useOutboxLink(pending?.phoneNumber);
  // resendCode answers alike for every email, so it cannot say CAPTCHA_REQUIRED: a signup that
  // needed a challenge solves one for each resend, which the server holds back without it.
  const captcha = useCaptcha(pending?.challenged);
  // Someone who signed up in another tab, or days ago, says who they are.
  const fields = pending ? ['code'] : ['email', 'code'];
  const who = pending?.email ?? email;
  const fallbacks = useFallbackChannels();
  const canAsk = wait === 0 && !resendState.fetching && !(captcha.shown && !captcha.answer);
  // Each code sent restarts the browser's reading of the text.
  useWebOtp(pending?.resendAvailableAt, (code) => fillCode(focus.form.current, code));

  const remember = (next: PendingVerification) => {
    savePending(next);
    setPending(next);
  };

  const onVerify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice(undefined);
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    const payload = (await verifyUser({ input: { email: who, code } })).data?.verifyUser;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (!payload.user) {
      // A wrong, expired or dead code comes with the tries left and when a new code can go out.
      const state = payload.verification;
      if (state)
        remember({
          ...pending,
          email: who,
          resendAvailableAt: resendAvailableAt(state),
          attemptsLeft: state.attemptsLeft ?? undefined,
        });
      return setErrors(sortErrors(payload.errors, fields));
    }
    clearPending();
    session.signedIn(payload.user);
    navigate(PAGES.account);
  };

  /** A new code, by text or, once the text did not come, by the channel asked for. */
  const onResend = async (channel?: FallbackChannel) => {
    setNotice(undefined);
    if (!who.trim()) return setErrors({ byField: { email: 'Enter the email you signed up with.' }, general: [] });
    const payload = (await resendCode({ input: { email: who, captcha: captcha.answer, channel } })).data?.resendCode;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (captcha.answer) captcha.renew();
    setErrors(sortErrors(payload.errors, fields));
    const limited = payload.errors.find((error) => error.code === 'RATE_LIMITED');
    if (limited)
      return remember({
        ...pending,
        email: who,
        resendAvailableAt: resendAvailableAt(payload.verification, limited.retryAfter),
      });
    if (payload.errors.length > 0) return;
    // A new code has its five tries; resendCode itself says nothing of the account.
    remember({
      ...pending,
      email: who,
      resendAvailableAt: resendAvailableAt(payload.verification),
      attemptsLeft: undefined,
    });
    const phone = pending?.phoneNumber ? formatPhone(pending.phoneNumber) : 'your phone';
    setNotice(`${channel ? sentBy(channel, phone) : 'A new code is on its way.'} Codes sent before it no longer work.`);
    // The button is disabled for the cooldown: the focus goes where the new code is typed.
    focus.form.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  };

  return (
    <>
      <h1>Enter your code</h1>
      <p className="lead">
        {pending?.phoneNumber ? (
          <>
            We texted a 6-digit code to <strong>{formatPhone(pending.phoneNumber)}</strong>.
          </>
        ) : (
          'Enter the code we texted to your phone.'
        )}
      </p>
      {outbox && (
        <p className="dev-note">
          Development server:{' '}
          <a href={outbox}>read the text messages sent to {formatPhone(pending?.phoneNumber ?? '')}</a> in the SMS
          outbox.
        </p>
      )}
      <Alert ref={focus.summary} messages={errors.general} />
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onVerify} noValidate>
        {!pending && (
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={errors.byField.email}
          />
        )}
        <Field
          label="Verification code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          error={
            errors.byField.code && pending?.attemptsLeft !== undefined
              ? `${errors.byField.code} ${triesLeft(pending.attemptsLeft)}`
              : errors.byField.code
          }
        />
        <button type="submit" disabled={verifyState.fetching}>
          Verify
        </button>
      </form>
      {captcha.check}
      <div className="resend">
        <button
          type="button"
          className="secondary"
          onClick={() => onResend()}
          disabled={!canAsk}
          aria-describedby="resend-wait"
        >
          Send a new code
        </button>
        <FallbackButtons channels={fallbacks} disabled={!canAsk} describedBy="resend-wait" onAsk={onResend} />
        <p id="resend-wait" className="field-hint">
          {wait > 0
            ? `You can ask for a new code in ${formatWait(wait)}.`
            : captcha.shown && !captcha.answer
              ? 'Complete the check above, then ask for a new code.'
              : 'No text message? Ask for a new code.'}
        </p>
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </>
  );
}

function triesLeft(attemptsLeft: number): string {
  if (attemptsLeft === 0) return 'No tries left on this code.';
  return attemptsLeft === 1 ? '1 try left on this code.' : `${attemptsLeft} tries left on this code.`;
}
