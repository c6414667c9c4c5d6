import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { LogoutDocument } from '../graphql/generated/graphql';
import { Alert } from '../components/Alert';
import { REQUEST_FAILED, SESSION_ENDED } from '../messages';
import { formatPhone } from '../phone';
import { PAGES } from '../../../src/http/web-pages';
import { Redirect } from '../router';
import { useSession } from '../session';
import { ChangePasswordForm } from './account/ChangePasswordForm';
import { DeleteAccountForm } from './account/DeleteAccountForm';
import { PhoneChangeForm } from './account/PhoneChangeForm';
import { SessionList } from './account/SessionList';
import { TwoStepSection } from './account/TwoStepSection';
import { useAccountExit } from './account/use-account-exit';

/** The tutorial's status page, who is signed in with a verified phone, and what can be changed. */
export function AccountPage() {
  const { state, ended } = useSession();
  const { leave, leftIfSignedOut } = useAccountExit();
  const [{ fetching }, logout] = useMutation(LogoutDocument);
  const [problem, setProblem] = useState<string>();
  /** Bumped when a change ended other sessions, so the list is read again. */
  const [sessionsSeen, setSessionsSeen] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) summary.current?.focus();
  }, [problem]);

  if (state.status === 'loading') return <p className="lead">Loading…</p>;
  if (state.status === 'failed') return <Alert messages={[REQUEST_FAILED]} />;
  if (!state.user) return <Redirect to={PAGES.signIn} notice={ended ? SESSION_ENDED : undefined} />;
  const { name, email, phoneNumber, verified } = state.user;

  const onSignOut = async () => {
    const payload = (await logout({})).data?.logout;
    if (!payload) return setProblem(REQUEST_FAILED);
    if (leftIfSignedOut(payload.errors)) return;
    leave(PAGES.signIn);
  };

  return (
    <>
      <h1>Welcome, {name}</h1>
      {verified && <p className="success">Your phone number is verified. You are signed in.</p>}
      <Alert ref={summary} messages={problem ? [problem] : []} />
      <dl className="details">
        <dt>Name</dt>
        <dd>{name}</dd>
        <dt>Email</dt>
        <dd>{email}</dd>
        <dt>Phone</dt>
        <dd>
          {formatPhone(phoneNumber)} {verified && <span className="badge">Verified</span>}
        </dd>
      </dl>
      <button type="button" className="secondary" onClick={onSignOut} disabled={fetching}>
        Sign out
      </button>
      <SessionList key={sessionsSeen} />
      <TwoStepSection user={state.user} />
      <ChangePasswordForm name={name} email={email} onChanged={() => setSessionsSeen((seen) => seen + 1)} />
      <PhoneChangeForm email={email} />
      <DeleteAccountForm email={email} />
    </>
  );
}
