import { useState, type FormEvent } from 'react';
import { useFocusFirstField } from '../components/use-focus-first-field';
import { useMutation } from 'urql';
import { LoginDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { sortErrors } from '../components/form-errors';
import { useFormErrors } from '../components/use-form-errors';
import { lazyComponent } from '../lazy-component';
import { REQUEST_FAILED } from '../messages';
import { PAGES } from '../../../src/http/web-pages';
import { loadPendingSignInCode } from '../pending-sign-in-code';
import { savePending } from '../pending-verification';
import { Link, useRouter } from '../router';
import { useFinishSignIn } from '../use-finish-sign-in';

const FIELDS = ['email', 'password'];

// Fetched when asked for, or when this tab has a code under way: most sign-ins use the password.
const CodeSignIn = lazyComponent(() => import('./sign-in/CodeSignIn').then((module) => module.CodeSignIn));

/** With the password, or with a code texted to the account's phone; a code asked for in this tab reopens its form. */
export function SignInPage() {
  const [withCode, setWithCode] = useState(() => loadPendingSignInCode() !== undefined);
  /** After a switch the button pressed is gone: the focus goes to the other form's first field. */
  const [switched, setSwitched] = useState(false);
  const use = (code: boolean) => {
    setSwitched(true);
    setWithCode(code);
  };
  return (
    <>
      <h1>Sign in</h1>
      {withCode ? (
        <CodeSignIn focusFirst={switched} onUsePassword={() => use(false)} />
      ) : (
        <PasswordSignIn focusFirst={switched} onUseCode={() => use(true)} />
      )}
      <p className="aside">
        New here? <Link to={PAGES.signUp}>Create an account</Link>
      </p>
    </>
  );
}

function PasswordSignIn({ focusFirst, onUseCode }: { focusFirst: boolean; onUseCode(): void }) {
  const { navigate } = useRouter();
  const finish = useFinishSignIn('password');
  const [{ fetching }, login] = useMutation(LoginDocument);
  const [unverifiedEmail, setUnverifiedEmail] = useState<string>();
  const { errors, setErrors, ...focus } = useFormErrors();
  useFocusFirstField(focus.form, focusFirst);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setUnverifiedEmail(undefined);
    const payload = (await login({ input })).data?.login;
    if (!payload) return setErrors({ byField: {}, general: [REQUEST_FAILED] });
    if (finish(payload)) return;
    if (payload.errors.some((error) => error.code === 'NOT_VERIFIED')) setUnverifiedEmail(input.email);
    setErrors(sortErrors(payload.errors, FIELDS));
  };

  const toVerify = (email: string) => {
    savePending({ email });
    navigate(PAGES.verify);
  };

  return (
    <>
      <Alert ref={focus.summary} messages={errors.general}>
        {unverifiedEmail && (
          <p>
            <button type="button" className="link" onClick={() => toVerify(unverifiedEmail)}>
              Enter your code
            </button>
          </p>
        )}
      </Alert>
      <form ref={focus.form} onChange={focus.onChange} onSubmit={onSubmit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.byField.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.byField.password}
        />
        <p className="field-hint">
          <Link to={PAGES.forgotPassword}>Forgot password?</Link>
        </p>
        <button type="submit" disabled={fetching}>
          Sign in
        </button>
      </form>
      <p className="field-hint aside">
        <button type="button" className="link" onClick={onUseCode}>
          Sign in with a code instead
        </button>
      </p>
    </>
  );
}
