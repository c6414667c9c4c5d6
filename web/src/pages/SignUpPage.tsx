import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RegisterUserDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { useCaptcha } from '../captcha/use-captcha';
import { Field } from '../components/Field';
import { sortErrors } from '../components/form-errors';
import { PasswordField } from '../components/PasswordField';
import { personalWords } from '../use-password-estimate';
import { useFormErrors } from '../components/use-form-errors';
import { REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { resendAvailableAt, savePending } from '../pending-verification';
import { Link, useRouter } from '../router';

const FIELDS = ['name', 'email', 'password', 'countryCode', 'phoneNumber'];

/** The tutorial's form: every field checked by the server at once, each error beside its field. */
export function SignUpPage() {
  const { navigate } = useRouter();
  const [{ fetching }, registerUser] = useMutation(RegisterUserDocument);
  const { errors, setErrors, ...focus } = useFormErrors();
  // What the password's estimate counts as guessable, as it is typed.
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const captcha = useCaptcha();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const input = {
      name: text('name'),
      email: text('email'),
      password: text('password'),
      countryCode: text('countryCode').trim() || null,
      phoneNumber: text('phoneNumber'),
      // The texts follow the browser's language where the server ships it, English otherwise.
      locale: navigator.language,
      captcha: captcha.answer,
    };
    const payload = (await registerUser({ input })).data?.registerUser;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    captcha.answered(payload.errors);
    if (!payload.user) return setErrors(sortErrors(payload.errors, FIELDS));
    const attemptsLeft = payload.verification?.attemptsLeft ?? undefined;
    savePending({
      email: payload.user.email,
      phoneNumber: payload.user.phoneNumber,
      resendAvailableAt: resendAvailableAt(payload.verification),
      attemptsLeft,
      // Its prefix is near a budget: a resend will need a challenge solved too.
      challenged: Boolean(input.captcha),
    });
    navigate(PAGES.verify);
  };

  return (
    <>
      <h1>Create your account</h1>
      <p className="lead">We will text a code to your phone to make sure it is yours.</p>
      <Alert ref={focus.summary} messages={errors.general} />
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          onChange={(event) => setName(event.target.value)}
          error={errors.byField.name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          onChange={(event) => setEmail(event.target.value)}
          error={errors.byField.email}
        />
        <PasswordField
          label="Password"
          name="password"
          required
          hint="At least 8 characters, hard to guess: a few uncommon words will do."
          userInputs={personalWords(name, email)}
          error={errors.byField.password}
        />
        <div className="phone">
          <Field
            label="Country code"
            name="countryCode"
            inputMode="tel"
            autoComplete="tel-country-code"
            hint="Such as 1 or 44."
            error={errors.byField.countryCode}
          />
          <Field
            label="Phone number"
            name="phoneNumber"
            type="tel"
            autoComplete="tel-national"
            required
            error={errors.byField.phoneNumber}
          />
        </div>
        {captcha.check}
        <button type="submit" disabled={fetching}>
          Sign up
        </button>
      </form>
      <p className="aside">
        Already have an account? <Link to={PAGES.signIn}>Sign in</Link>
      </p>
    </>
  );
}
