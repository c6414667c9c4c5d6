import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ConfirmTwoStepDocument } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { sortErrors } from '../../components/form-errors';
import { useFormErrors } from '../../components/use-form-errors';
import { REQUEST_FAILED } from '../../messages';
import { formatPhone } from '../../phone';
import { useSession } from '../../session';
import { fillCode, useWebOtp } from '../../use-web-otp';
import { QrCode } from './QrCode';
import { useAccountExit } from './use-account-exit';

/** What enableTwoStep started: for an app, its secret (kept in this component's memory only). */
export type StartedSetup = { method: 'TOTP'; totp: { secret: string; uri: string } } | { method: 'SMS' };

const FIELDS = ['code'];

/** "JBSW Y3DP EHPK 3PXP": the key in groups of four, as a person reads it out and types it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** Proving the method works: the app set up from the QR code or the key, or the texted code; then it is on. */
export function TwoStepSetup({
  setup,
  phone,
  onCancel,
  onConfirmed,
}: {
  setup: StartedSetup;
  phone: string;
  onCancel(): void;
  onConfirmed(recoveryCodes: readonly string[]): void;
}) {
  const session = useSession();
  const { leftIfSignedOut } = useAccountExit();
  const [{ fetching }, confirmTwoStep] = useMutation(ConfirmTwoStepDocument);
  const { errors, setErrors, ...focus } = useFormErrors();
  const byApp = setup.method === 'TOTP';
  const start = useRef<HTMLParagraphElement>(null);
  // The form that was sent is gone: the focus goes to the first thing to do now.
  useEffect(() => start.current?.focus(), []);
  useWebOtp(byApp ? undefined : setup, (code) => fillCode(focus.form.current, code));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    const payload = (await confirmTwoStep({ input: { code } })).data?.confirmTwoStep;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (leftIfSignedOut(payload.errors)) return;
    if (!payload.user) return setErrors(sortErrors(payload.errors, FIELDS, ['INVALID_CODE']));
    session.signedIn(payload.user);
    onConfirmed(payload.recoveryCodes ?? []);
  };

  return (
    <>
      {setup.method === 'TOTP' ? (
        <>
          <p className="lead" tabIndex={-1} ref={start}>
            Scan this QR code with your authenticator app, or type the key below into it. Then enter the code the app
            shows.
          </p>
          <QrCode text={setup.totp.uri} label="QR code to add this account to your authenticator app" />
          <SecretKey secret={setup.totp.secret} />
        </>
      ) : (
        <p role="status" className="notice" tabIndex={-1} ref={start}>
          We texted a code to {formatPhone(phone)}. Enter it to turn on two-step sign-in.
        </p>
      )}
      <Alert ref={focus.summary} messages={errors.general} />
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <Field
          label={byApp ? 'Code from your authenticator app' : 'Code from the text message'}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          error={errors.byField.code}
        />
        <div className="actions">
          <button type="submit" disabled={fetching}>
            Turn on two-step sign-in
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

/** The app's secret as text, for an app that cannot scan: grouped to read, copied whole. */
function SecretKey({ secret }: { secret: string }) {
  const [copied, setCopied] = useState<boolean>();
  const onCopy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  const id = useId();
  return (
    <div className="secret field">
      <label htmlFor={id}>Key for your app</label>
      {/* A text area, so the key wraps on a narrow phone instead of scrolling out of sight. */}
      <textarea id={id} readOnly rows={2} value={grouped(secret)} spellCheck={false} />
      <button type="button" className="secondary" onClick={onCopy}>
        Copy key
      </button>
      <p role="status" className="field-hint">
        {copied === true ? 'Copied.' : copied === false ? 'Could not copy: select the key and copy it.' : ''}
      </p>
    </div>
  );
}
