import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { DisableTwoStepDocument, SendTwoStepCodeDocument, type TwoStepMethod } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { sortErrors } from '../../components/form-errors';
import { useFormErrors } from '../../components/use-form-errors';
import { UsernameField } from '../../components/UsernameField';
import { REQUEST_FAILED } from '../../messages';
import { resendAvailableAt } from '../../pending-verification';
import { useSession } from '../../session';
import { formatWait, useCountdown } from '../../use-countdown';
import { useAccountExit } from './use-account-exit';

const FIELDS = ['password', 'code'];

/** What each method's codes are, as the section says it. */
const CODES_FROM: Record<TwoStepMethod, string> = {
  TOTP: 'a code from your authenticator app',
  SMS: 'a code we text to your phone',
};

/** Says which method is on; turning it off takes the password and a current code or a recovery code. */
export function TwoStepOff({
  method,
  email,
  onTurnedOff,
}: {
  method: TwoStepMethod;
  email: string;
  onTurnedOff(): void;
}) {
  const session = useSession();
  const { leftIfSignedOut } = useAccountExit();
  const [disableState, disableTwoStep] = useMutation(DisableTwoStepDocument);
  const [sendState, sendTwoStepCode] = useMutation(SendTwoStepCodeDocument);
  const { errors, setErrors, ...focus } = useFormErrors();
  const [textedAt, setTextedAt] = useState<number>();
  const [availableAt, setAvailableAt] = useState<number>();
  const wait = useCountdown(availableAt);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { password: String(form.get('password') ?? ''), code: String(form.get('code') ?? '').trim() };
    const payload = (await disableTwoStep({ input })).data?.disableTwoStep;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    // The server says which kind of code it wanted.
    if (!payload.user) return setErrors(sortErrors(payload.errors, FIELDS, ['INVALID_CODE', 'INVALID_INPUT']));
    session.signedIn(payload.user);
    onTurnedOff();
  };

  /** Signed in, the texted method sends a code for this on request. */
  const onText = async () => {
    const payload = (await sendTwoStepCode({ input: {} })).data?.sendTwoStepCode;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    const limited = payload.errors.find((error) => error.code === 'RATE_LIMITED');
    setAvailableAt(resendAvailableAt(payload.verification, limited?.retryAfter));
    setErrors(sortErrors(payload.errors, FIELDS));
    if (payload.errors.length === 0) setTextedAt(Date.now());
  };

  return (
    <>
      <p className="lead">Two-step sign-in is on: after your password, we ask for {CODES_FROM[method]}.</p>
      <Alert ref={focus.summary} messages={errors.general} />
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <UsernameField email={email} />
        <Field
          label="Current password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.byField.password}
        />
        <Field
          label={method === 'TOTP' ? 'Code from your app, or a recovery code' : 'Texted code, or a recovery code'}
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          error={errors.byField.code}
        />
        {method === 'SMS' && (
          <div className="with-wait">
            <button
              type="button"
              className="secondary"
              onClick={onText}
              disabled={wait > 0 || sendState.fetching}
              aria-describedby="two-step-off-wait"
            >
              Text me a code
            </button>
            <p id="two-step-off-wait" className="field-hint">
              {textedAt && 'We texted you a code. '}
              {wait > 0 && `You can ask for a new code in ${formatWait(wait)}.`}
            </p>
          </div>
        )}
        <button type="submit" className="danger" disabled={disableState.fetching}>
          Turn off two-step sign-in
        </button>
      </form>
    </>
  );
}
