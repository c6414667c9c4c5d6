import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ConfirmPhoneChangeDocument, StartPhoneChangeDocument } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { useCaptcha } from '../../captcha/use-captcha';
import { Field } from '../../components/Field';
import { NO_ERRORS, sortErrors } from '../../components/form-errors';
import { useFormErrors } from '../../components/use-form-errors';
import { UsernameField } from '../../components/UsernameField';
import { REQUEST_FAILED } from '../../messages';
import { formatPhone } from '../../phone';
import { useSession } from '../../session';
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
  /** The new number as typed, once a code went to it. */
  const [sentTo, setSentTo] = useState<string>();
  const [changedTo, setChangedTo] = useState<string>();
  /** Codes sent from this form: after each, the focus goes where it is typed. */
  const [sends, setSends] = useState(0);
  const captcha = useCaptcha();
  const confirmForm = confirmFocus.form;
  useEffect(() => {
    if (sends > 0) confirmForm.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, [sends, confirmForm]);

  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const input = {
      password: text('password'),
      countryCode: text('countryCode').trim() || null,
      phoneNumber: text('phoneNumber'),
      captcha: captcha.answer,
    };
    setChangedTo(undefined);
    const payload = (await startPhoneChange({ input })).data?.startPhoneChange;
    if (!payload) return setStartErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    captcha.answered(payload.errors);
    setStartErrors(sortErrors(payload.errors, START_FIELDS));
    if (payload.errors.length > 0) return;
    setConfirmErrors(NO_ERRORS);
    setSends((count) => count + 1);
    setSentTo(
      formatPhone(
        input.countryCode ? `+${input.countryCode.replace(/^\+/, '')}${input.phoneNumber}` : input.phoneNumber,
      ),
    );
  };

  const onConfirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    const payload = (await confirmPhoneChange({ input: { code } })).data?.confirmPhoneChange;
    if (!payload) return setConfirmErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    if (!payload.user) return setConfirmErrors(sortErrors(payload.errors, CONFIRM_FIELDS));
    session.signedIn(payload.user);
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
            We texted a code to <strong>{sentTo}</strong>. Enter it to switch to that number.
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
