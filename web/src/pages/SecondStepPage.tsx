import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import {
  CompleteSignInDocument,
  SendTwoStepCodeDocument,
  type UserErrorFieldsFragment,
} from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { sortErrors } from '../components/form-errors';
import { useFormErrors } from '../components/use-form-errors';
import { messageFor, REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { START_OVER, type PendingSecondStep } from '../pending-second-step';
import { resendAvailableAt } from '../pending-verification';
import { Link, Redirect, useRouter } from '../router';
import { useSession } from '../session';
import { formatWait, useCountdown } from '../use-countdown';
import { useFinishSignIn } from '../use-finish-sign-in';
import { fillCode, useWebOtp } from '../use-web-otp';

const FIELDS = ['code'];
/** The server says which kind of code it wanted, and the tries left. */
const SERVER_WORDS = ['INVALID_CODE', 'INVALID_INPUT'] as const;

/** A reload, or another tab: the challenge lived in the memory of the tab that signed in. */
const NO_SIGN_IN = 'Your sign-in did not finish. Please sign in again.';

/** Why a challenge can no longer be completed, said on the page the person starts over from. */
function endedNotice(error: UserErrorFieldsFragment, pending: PendingSecondStep): string {
  const again =
    pending.after === 'reset' ? 'Your password was not changed: ask for a new reset code.' : 'Please sign in again.';
  if (error.code === 'TOO_MANY_ATTEMPTS') return `Too many wrong codes ended this sign-in. ${again}`;
  return `This sign-in waited too long and has ended. ${again}`;
}

/** The challenge is over (expired, used up, or unknown): no code can complete it now. */
const ends = (error: UserErrorFieldsFragment) =>
  error.field === 'challenge' || error.code === 'CODE_EXPIRED' || error.code === 'TOO_MANY_ATTEMPTS';

/** The second step of a sign-in, asked after a right password, sign-in code or reset code. */
export function SecondStepPage() {
  const { secondStep } = useSession();
  if (!secondStep) return <Redirect to={PAGES.signIn} notice={NO_SIGN_IN} />;
  return <SecondStepForm key={secondStep.challenge} pending={secondStep} />;
}

function SecondStepForm({ pending }: { pending: PendingSecondStep }) {
  const { navigate } = useRouter();
  const finish = useFinishSignIn(pending.after);
  const [completeState, completeSignIn] = useMutation(CompleteSignInDocument);
  const [sendState, sendTwoStepCode] = useMutation(SendTwoStepCodeDocument);
  const { errors, setErrors, ...focus } = useFormErrors();
  const [recovery, setRecovery] = useState(false);
  const [notice, setNotice] = useState<string>();
  const byApp = pending.methods.includes('TOTP');
  const byText = pending.methods.includes('SMS');
  /** With the SMS method the code went out as the first step succeeded; each resend restarts the wait. */
  const [sentAt, setSentAt] = useState(() => (byText ? Date.now() : undefined));
  const [availableAt, setAvailableAt] = useState(() => (byText ? resendAvailableAt(undefined) : undefined));
  const wait = useCountdown(availableAt);
  const form = focus.form;
  // On arrival, and when the kind of code changes: the field is where the person types next.
  useEffect(() => form.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus(), [recovery, form]);
  useWebOtp(recovery ? undefined : sentAt, (code) => fillCode(focus.form.current, code));

  const startOver = (error: UserErrorFieldsFragment) =>
    navigate(START_OVER[pending.after], endedNotice(error, pending));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice(undefined);
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    const payload = (await completeSignIn({ input: { challenge: pending.challenge, code } })).data?.completeSignIn;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (finish(payload)) return;
    const ended = payload.errors.find(ends);
    if (ended) return startOver(ended);
    setErrors(sortErrors(payload.errors, FIELDS, SERVER_WORDS));
  };

  const onSendAgain = async () => {
    setNotice(undefined);
    const payload = (await sendTwoStepCode({ input: { challenge: pending.challenge } })).data?.sendTwoStepCode;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    const ended = payload.errors.find(ends);
    if (ended) return startOver(ended);
    const limited = payload.errors.find((error) => error.code === 'RATE_LIMITED');
    setAvailableAt(resendAvailableAt(payload.verification, limited?.retryAfter));
    if (payload.errors.length > 0) return setErrors({ byField: {}, general: payload.errors.map(messageFor) });
    setSentAt(Date.now());
    setNotice('A new code is on its way. Codes sent before it no longer work.');
    focus.form.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  };

  const onToggleRecovery = () => {
    setErrors({ byField: {}, general: [] });
    setRecovery(!recovery);
  };

  return (
    <>
      <h1>Two-step sign-in</h1>
      <p className="lead">
        {recovery
          ? 'Enter one of the recovery codes you saved when you set up two-step sign-in. Each one works once.'
          : byApp
            ? 'Open your authenticator app and enter the 6-digit code it shows for this account.'
            : 'We texted a 6-digit code to the phone number of your account.'}
      </p>
      <Alert ref={focus.summary} messages={errors.general} />
      {/* A new key for each kind of code: the field changes its label, its keyboard and what autofill offers. */}
      <form key={String(recovery)} ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        {recovery ? (
          <Field
            label="Recovery code"
            name="code"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            error={errors.byField.code}
          />
        ) : (
          <Field
            label={
              byApp && byText
                ? 'Code from your app or text message'
                : byApp
                  ? 'Code from your authenticator app'
                  : 'Code from the text message'
            }
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            error={errors.byField.code}
          />
        )}
        <button type="submit" disabled={completeState.fetching}>
          Sign in
        </button>
      </form>
      <p className="field-hint aside">
        <button type="button" className="link" onClick={onToggleRecovery}>
          {recovery
            ? byApp
              ? 'Use a code from your app instead'
              : 'Use a texted code instead'
            : 'Use a recovery code instead'}
        </button>
      </p>
      {byText && !recovery && (
        <div className="resend">
          <button
            type="button"
            className="secondary"
            onClick={onSendAgain}
            disabled={wait > 0 || sendState.fetching}
            aria-describedby="second-step-wait"
          >
            Send the code again
          </button>
          <p id="second-step-wait" className="field-hint">
            {wait > 0 ? `You can ask for a new code in ${formatWait(wait)}.` : 'No text message? Ask for a new code.'}
          </p>
        </div>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <p className="aside">
        Not you, or changed your mind? <Link to={START_OVER[pending.after]}>Start over</Link>
      </p>
    </>
  );
}
