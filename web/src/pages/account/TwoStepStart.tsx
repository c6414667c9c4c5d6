import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { EnableTwoStepDocument, type TwoStepMethod } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { sortErrors } from '../../components/form-errors';
import { useFormErrors } from '../../components/use-form-errors';
import { UsernameField } from '../../components/UsernameField';
import { REQUEST_FAILED } from '../../messages';
import { formatPhone } from '../../phone';
import type { StartedSetup } from './TwoStepSetup';
import { useAccountExit } from './use-account-exit';

const FIELDS = ['password', 'method'];

/** The method and the current password: then the app's secret, or a text, to prove the method works. */
export function TwoStepStart({
  email,
  phone,
  turnedOff,
  onStarted,
}: {
  email: string;
  phone: string;
  turnedOff: boolean;
  onStarted(setup: StartedSetup): void;
}) {
  const { leftIfSignedOut } = useAccountExit();
  const [{ fetching }, enableTwoStep] = useMutation(EnableTwoStepDocument);
  const { errors, setErrors, ...focus } = useFormErrors();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const method = form.get('method') === 'SMS' ? 'SMS' : ('TOTP' satisfies TwoStepMethod);
    const input = { password: String(form.get('password') ?? ''), method } as const;
    const payload = (await enableTwoStep({ input })).data?.enableTwoStep;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    if (payload.errors.length > 0) return setErrors(sortErrors(payload.errors, FIELDS));
    if (payload.totp) return onStarted({ method: 'TOTP', totp: payload.totp });
    onStarted({ method: 'SMS' });
  };

  return (
    <>
      {turnedOff && (
        <p role="status" className="notice">
          Two-step sign-in is off. Your recovery codes no longer work.
        </p>
      )}
      <p className="lead">
        Each time you sign in, after your password we also ask for a code from your phone, so your password alone cannot
        open your account.
      </p>
      <Alert ref={focus.summary} messages={errors.general} />
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <fieldset className="choice">
          <legend>Where the codes come from</legend>
          <label className="check">
            <input type="radio" name="method" value="TOTP" defaultChecked />
            An authenticator app
          </label>
          <label className="check">
            <input type="radio" name="method" value="SMS" aria-describedby="two-step-sms-hint" />
            Text messages to {formatPhone(phone)}
          </label>
          <p id="two-step-sms-hint" className="field-hint">
            With texts, a sign-in with a texted code or a reset by text asks for no second code: it already went to this
            phone.
          </p>
        </fieldset>
        <UsernameField email={email} />
        <Field
          label="Current password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.byField.password}
        />
        <button type="submit" disabled={fetching}>
          Set up two-step sign-in
        </button>
      </form>
    </>
  );
}
