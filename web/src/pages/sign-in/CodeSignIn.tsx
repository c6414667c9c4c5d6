import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RequestSignInCodeDocument, SignInWithCodeDocument } from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { useCaptcha } from '../../captcha/use-captcha';
import { SendCodeButtons } from '../../components/SendCodeButtons';
import { Field } from '../../components/Field';
import { sortErrors } from '../../components/form-errors';
import { useFocusFirstField } from '../../components/use-focus-first-field';
import { useFormErrors } from '../../components/use-form-errors';
import { REQUEST_FAILED } from '../../messages';
import {
  clearPendingSignInCode,
  loadPendingSignInCode,
  sameRecipient,
  savePendingSignInCode,
  type CodeRecipient,
  type PendingSignInCode,
} from '../../pending-sign-in-code';
import { codeAskedAfter } from '../../pending-verification';
import { useFallbackChannels, type FallbackChannel } from '../../use-code-channels';
import { useCountdown } from '../../use-countdown';
import { useFinishSignIn } from '../../use-finish-sign-in';
import { fillCode, useWebOtp } from '../../use-web-otp';

const REQUEST_FIELDS = ['email', 'countryCode', 'phoneNumber'];
const CODE_FIELDS = ['code'];

/** The same words whether or not an account has this email or number: the page tells no one which do. */
function sentWords(to: CodeRecipient, channel: FallbackChannel | undefined): string {
  const [who, it] = 'email' in to ? ['this email', 'its phone'] : ['this number', 'it'];
  if (channel === 'CALL') return `If a verified account has ${who}, we are calling ${it}.`;
  if (channel === 'WHATSAPP') return `If a verified account has ${who}, a code is sent to ${it} by WhatsApp.`;
  return `If a verified account has ${who}, a code is sent to ${it}.`;
}

/** Signing in with a code texted to the account's verified phone, found by its email or its number. */
export function CodeSignIn({ focusFirst, onUsePassword }: { focusFirst: boolean; onUsePassword(): void }) {
  const finish = useFinishSignIn('code');
  /** The code this tab asked for, as sessionStorage kept it: a reload finds its form and wait again. */
  const [pending, setPending] = useState(loadPendingSignInCode);
  const [byPhone, setByPhone] = useState(() => pending !== undefined && 'phoneNumber' in pending.to);
  const [email, setEmail] = useState(() => (pending && 'email' in pending.to ? pending.to.email : ''));
  const [phone, setPhone] = useState(() =>
    pending && 'phoneNumber' in pending.to ? pending.to : { countryCode: '', phoneNumber: '' },
  );
  /** Times a code was asked for from here: each puts the focus where it is typed. */
  const [opened, setOpened] = useState(0);
  const [requestState, requestCode] = useMutation(RequestSignInCodeDocument);
  const [signInState, signInWithCode] = useMutation(SignInWithCodeDocument);
  const { errors: requestErrors, setErrors: setRequestErrors, ...requestFocus } = useFormErrors();
  const { errors: codeErrors, setErrors: setCodeErrors, ...codeFocus } = useFormErrors();
  const captcha = useCaptcha();
  const fallbacks = useFallbackChannels();
  const to: CodeRecipient = byPhone ? phone : { email };
  // The code form and the wait belong to whom the code was asked for.
  const current = pending && sameRecipient(pending.to, to) ? pending : undefined;
  const sent = current?.requestedAt !== undefined;
  const wait = useCountdown(current?.resendAvailableAt);
  const codeForm = codeFocus.form;
  useFocusFirstField(requestFocus.form, focusFirst);
  useWebOtp(current?.requestedAt, (code) => fillCode(codeForm.current, code));
  useEffect(() => {
    if (opened > 0) codeForm.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, [opened, codeForm]);

  const remember = (next: PendingSignInCode, { focusCode = true } = {}) => {
    savePendingSignInCode(next);
    setPending(next);
    if (focusCode) setOpened((count) => count + 1);
  };

  const recipientInput = () =>
    'email' in to ? { email: to.email } : { countryCode: to.countryCode.trim() || null, phoneNumber: to.phoneNumber };

  const onRequest = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return request();
  };

  /** A code by text, or, once the text did not come, by the channel asked for. */
  const request = async (channel?: FallbackChannel) => {
    if ('email' in to ? !to.email.trim() : !to.phoneNumber.trim()) {
      const byField =
        'email' in to
          ? { email: 'Enter the email of your account.' }
          : { phoneNumber: 'Enter the phone number of your account.' };
      return setRequestErrors({ byField, general: [] });
    }
    const payload = (await requestCode({ input: { ...recipientInput(), captcha: captcha.answer, channel } })).data
      ?.requestSignInCode;
    if (!payload) return setRequestErrors({ byField: {}, general: [REQUEST_FAILED] });
    captcha.answered(payload.errors);
    setRequestErrors(sortErrors(payload.errors, REQUEST_FIELDS));
    const asked = codeAskedAfter(payload, { to }, channel, current);
    if (asked) remember(asked.pending, { focusCode: asked.focusCode });
  };

  const onSignIn = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    const payload = (await signInWithCode({ input: { ...recipientInput(), code } })).data?.signInWithCode;
    if (!payload) return setCodeErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (payload.user || payload.twoStep) clearPendingSignInCode();
    if (!finish(payload)) setCodeErrors(sortErrors(payload.errors, CODE_FIELDS));
  };

  const switchTo = (phoneNext: boolean) => {
    setRequestErrors({ byField: {}, general: [] });
    setByPhone(phoneNext);
  };

  return (
    <>
      <p className="lead">We will text a code to the phone number of your account.</p>
      <Alert ref={requestFocus.summary} messages={requestErrors.general} />
      <form ref={requestFocus.form} onChange={requestFocus.onChange} onSubmit={onRequest} noValidate>
        {byPhone ? (
          <div className="phone">
            <Field
              label="Country code"
              name="countryCode"
              inputMode="tel"
              autoComplete="tel-country-code"
              hint="Such as 1 or 44."
              value={phone.countryCode}
              onChange={(event) => setPhone({ ...phone, countryCode: event.target.value })}
              error={requestErrors.byField.countryCode}
            />
            <Field
              label="Phone number"
              name="phoneNumber"
              type="tel"
              autoComplete="tel-national"
              required
              value={phone.phoneNumber}
              onChange={(event) => setPhone({ ...phone, phoneNumber: event.target.value })}
              error={requestErrors.byField.phoneNumber}
            />
          </div>
        ) : (
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
        )}
        <p className="field-hint">
          <button type="button" className="link" onClick={() => switchTo(!byPhone)}>
            {byPhone ? 'Use my email instead' : 'Use my phone number instead'}
          </button>
        </p>
        {captcha.check}
        <SendCodeButtons
          asked={Boolean(current)}
          sent={sent}
          wait={wait}
          busy={requestState.fetching}
          fallbacks={fallbacks}
          onAsk={request}
          waitId="sign-in-code-wait"
        >
          {sent ? 'Send a new code' : 'Send sign-in code'}
        </SendCodeButtons>
      </form>
      {current && (
        <section className="step" aria-labelledby="sign-in-code-heading">
          {sent && (
            <p role="status" className="notice">
              {sentWords(current.to, current.channel)}
            </p>
          )}
          <h2 id="sign-in-code-heading">Enter your code</h2>
          <Alert ref={codeFocus.summary} messages={codeErrors.general} />
          <form ref={codeFocus.form} onChange={codeFocus.onChange} onSubmit={onSignIn} noValidate>
            <Field
              label="Sign-in code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={codeErrors.byField.code}
            />
            <button type="submit" disabled={signInState.fetching}>
              Sign in with code
            </button>
          </form>
        </section>
      )}
      <p className="field-hint aside">
        <button type="button" className="link" onClick={onUsePassword}>
          Sign in with your password instead
        </button>
      </p>
    </>
  );
}
