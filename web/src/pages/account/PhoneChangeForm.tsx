import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import {
  ConfirmPhoneChangeDocument,
  StartPhoneChangeDocument,
  type StartPhoneChangeInput,
} from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { useCaptcha } from '../../captcha/use-captcha';
import { FallbackButtons, sentBy } from '../../components/FallbackButtons';
import { Field } from '../../components/Field';
import { NO_ERRORS, sortErrors } from '../../components/form-errors';
import { useFormErrors } from '../../components/use-form-errors';
import { UsernameField } from '../../components/UsernameField';
import { REQUEST_FAILED } from '../../messages';
import { formatPhone } from '../../phone';
import { resendAvailableAt } from '../../pending-verification';
import { useSession } from '../../session';
import { useFallbackChannels, type FallbackChannel } from '../../use-code-channels';
import { formatWait, useCountdown } from '../../use-countdown';
import { fillCode, useWebOtp } from '../../use-web-otp';
import { useAccountExit } from './use-account-exit';

const START_FIELDS = ['password', 'countryCode', 'phoneNumber'];
const CONFIRM_FIELDS = ['code'];

/** A new number, proven as the first one was: the password again, then the code texted to the new number. */
export function PhoneChangeForm({ email }: { email: string }) {
  const session = useSession();
  const { leftIfSignedOut } = useAccountExit();
  const [startState, startPhoneChange] = useMutation(StartPhoneChangeDocument);
  const [confirmState, confirmPhoneChange] = useMutation(ConfirmPhoneChangeDocument);
  const { errors: startErrors, setErrors: setStartErrors, ...startFocus } = useFormErrors();
  const { errors: confirmErrors, setErrors: setConfirmErrors, ...confirmFocus } = useFormErrors();
  /** The new number as shown, once a code went to it, and how. */
  const [sentTo, setSentTo] = useState<{ phone: string; channel?: FallbackChannel }>();
  /** What the last code was asked with, so a call or WhatsApp asks again for the same number. */
  const lastInput = useRef<StartPhoneChangeInput>(undefined);
  /** startPhoneChange says no cooldown, so the page waits out the default one, or RATE_LIMITED's. */
  const [availableAt, setAvailableAt] = useState<number>();
  const wait = useCountdown(availableAt);
  const waitId = useId();
  const fallbacks = useFallbackChannels();
  const [changedTo, setChangedTo] = useState<string>();
  /** Codes sent from this form: after each, the focus goes where it is typed. */
  const [sends, setSends] = useState(0);
  const captcha = useCaptcha();
  const confirmForm = confirmFocus.form;
  useEffect(() => {
    if (sends > 0) confirmForm.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, [sends, confirmForm]);
  useWebOtp(sends > 0 ? sends : undefined, (code) => fillCode(confirmForm.current, code));

  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    setChangedTo(undefined);
    await start({
      password: text('password'),
      countryCode: text('countryCode').trim() || null,
      phoneNumber: text('phoneNumber'),
    });
  };

  /** A code to the new number: by text from the form, or by `channel` for the number it went to last. */
  const start = async (fields: StartPhoneChangeInput, channel?: FallbackChannel) => {
    const input = { ...fields, captcha: captcha.answer, channel };
    const payload = (await startPhoneChange({ input })).data?.startPhoneChange;
    if (!payload) return setStartErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    captcha.answered(payload.errors);
    setStartErrors(sortErrors(payload.errors, START_FIELDS));
    const limited = payload.errors.find((error) => error.code === 'RATE_LIMITED');
    if (limited) setAvailableAt(resendAvailableAt(undefined, limited.retryAfter));
    if (payload.errors.length > 0) return;
    lastInput.current = fields;
    setAvailableAt(resendAvailableAt(undefined));
    setConfirmErrors(NO_ERRORS);
    setSends((count) => count + 1);
    const phone = formatPhone(
      input.countryCode ? `+${input.countryCode.replace(/^\+/, '')}${input.phoneNumber}` : input.phoneNumber,
    );
    setSentTo({ phone, channel });
  };

  const onFallback = (channel: FallbackChannel) => {
    if (lastInput.current) void start(lastInput.current, channel);
  };

  const onConfirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    const payload = (await confirmPhoneChange({ input: { code } })).data?.confirmPhoneChange;
    if (!payload) return setConfirmErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    if (!payload.user) return setConfirmErrors(sortErrors(payload.errors, CONFIRM_FIELDS));
    session.signedIn(payload.user);
    lastInput.current = undefined;
    setSentTo(undefined);
    setChangedTo(formatPhone(payload.user.phoneNumber));
  };

  return (
    <section className="step" aria-labelledby="phone-heading">
      <h2 id="phone-heading">Change phone number</h2>
      <p className="lead">We will text a code to the new number. Your number changes once you enter it.</p>
      <Alert ref={startFocus.summary} messages={startErrors.general} />
      {/* A new key after a change empties the form: the password is not left in it. */}
      <form key={changedTo} ref={startFocus.form} onChange={startFocus.onChange} onSubmit={onStart} noValidate>
        <UsernameField email={email} />
        <Field
          label="Current password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={startErrors.byField.password}
        />
        <div className="phone">
          <Field
            label="Country code"
            name="countryCode"
            inputMode="tel"
            autoComplete="tel-country-code"
            hint="Such as 1 or 44."
            error={startErrors.byField.countryCode}
          />
          <Field
            label="New phone number"
            name="phoneNumber"
            type="tel"
            autoComplete="tel-national"
            required
            error={startErrors.byField.phoneNumber}
          />
        </div>
        {captcha.check}
        <button type="submit" className={sentTo ? 'secondary' : undefined} disabled={startState.fetching}>
          Send code
        </button>
      </form>
      {sentTo && (
        <div className="step">
          <p role="status" className="notice">
            {sentBy(sentTo.channel, sentTo.phone)} Enter the code to switch to that number.
          </p>
          <Alert ref={confirmFocus.summary} messages={confirmErrors.general} />
          <form ref={confirmFocus.form} onChange={confirmFocus.onChange} onSubmit={onConfirm} noValidate>
            <Field
              label="Code from the new number"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={confirmErrors.byField.code}
            />
            <button type="submit" disabled={confirmState.fetching}>
              Confirm new number
            </button>
          </form>
          {fallbacks.length > 0 && (
            <div className="resend">
              <FallbackButtons
                channels={fallbacks}
                disabled={wait > 0 || startState.fetching}
                describedBy={waitId}
                onAsk={onFallback}
              />
              <p id={waitId} className="field-hint">
                {wait > 0
                  ? `You can ask for the code another way in ${formatWait(wait)}.`
                  : 'No text message? Ask for the code another way.'}
              </p>
            </div>
          )}
        </div>
      )}
      {changedTo && (
        <p role="status" className="notice">
          Your phone number is now {changedTo}. We let your old number know.
        </p>
      )}
    </section>
  );
}
