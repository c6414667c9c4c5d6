import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  LogoutEverywhereDocument,
  RevokeSessionDocument,
  SessionsDocument,
  type SecondStep,
  type SessionsQuery,
  type SignInMethod,
} from '../../graphql/generated/graphql';
import { Alert } from '../../components/Alert';
import { deviceName } from '../../device-name';
import { messageFor, REQUEST_FAILED } from '../../messages';
import { PAGES } from '../../../../src/http/web-pages';
import { useAccountExit } from './use-account-exit';

type SessionInfo = SessionsQuery['sessions'][number];

const ALREADY_ENDED =
  'Your session on this device had already ended, so your other devices are still signed in. Sign in again to sign them out.';

const SIGNED_IN_WITH: Record<SignInMethod, string> = {
  SIGNUP: 'at sign-up',
  PASSWORD: 'with a password',
  CODE: 'with a texted code',
  PASSWORD_RESET: 'with a password reset',
};
const SECOND_STEP: Record<SecondStep, string> = {
  TOTP: 'an authenticator app',
  SMS: 'a texted code',
  RECOVERY_CODE: 'a recovery code',
};

/** " with a password and an authenticator app": how a session began, for sessions that recorded it. */
function howSignedIn({ signedInWith, secondStep }: SessionInfo): string {
  if (!signedInWith) return '';
  return ` ${SIGNED_IN_WITH[signedInWith]}${secondStep ? ` and ${SECOND_STEP[secondStep]}` : ''}`;
}

const formatTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Where the account is signed in, so a person can end a session on a device they lost or do not know. */
export function SessionList() {
  const [{ data, error }, reload] = useQuery({ query: SessionsDocument, requestPolicy: 'network-only' });
  const [revokeState, revokeSession] = useMutation(RevokeSessionDocument);
  const [everywhereState, logoutEverywhere] = useMutation(LogoutEverywhereDocument);
  const [problems, setProblems] = useState<string[]>([]);
  const { leave, leftIfSignedOut } = useAccountExit();
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) summary.current?.focus();
  }, [problems]);

  const onRevoke = async (id: string) => {
    const payload = (await revokeSession({ input: { id } })).data?.revokeSession;
    if (!payload) return setProblems([REQUEST_FAILED]);
    if (leftIfSignedOut(payload.errors)) return;
    setProblems(payload.errors.map(messageFor));
    reload({ requestPolicy: 'network-only' });
  };

  const onSignOutEverywhere = async () => {
    const payload = (await logoutEverywhere({})).data?.logoutEverywhere;
    if (!payload) return setProblems([REQUEST_FAILED]);
    // Revoked from another device: this one is signed out now, but it could not sign out the rest.
    if (payload.errors.some((error) => error.code === 'NOT_SIGNED_IN')) return leave(PAGES.signIn, ALREADY_ENDED);
    if (!payload.loggedOut) return setProblems(payload.errors.map(messageFor));
    leave(PAGES.signIn, 'You are signed out on every device.');
  };

  return (
    <section className="step" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Your sessions</h2>
      <p className="lead">The devices signed in to your account. Revoke any you do not recognise.</p>
      <Alert ref={summary} messages={error ? [REQUEST_FAILED, ...problems] : problems} />
      {data ? (
        <ul className="sessions">
          {data.sessions.map((session) => (
            <SessionRow key={session.id} session={session} onRevoke={onRevoke} busy={revokeState.fetching} />
          ))}
        </ul>
      ) : (
        !error && <p className="field-hint">Loading…</p>
      )}
      <button type="button" className="secondary" onClick={onSignOutEverywhere} disabled={everywhereState.fetching}>
        Sign out everywhere
      </button>
    </section>
  );
}

function SessionRow({
  session,
  onRevoke,
  busy,
}: {
  session: SessionInfo;
  onRevoke: (id: string) => Promise<void>;
  busy: boolean;
}) {
  const device = deviceName(session.userAgent);
  const signedIn = formatTime(session.createdAt);
  return (
    <li className="session">
      <div>
        <strong>{device}</strong>
        {session.current && (
          <>
            {' '}
            <span className="badge">This device</span>
          </>
        )}
        <p className="field-hint">
          Signed in {signedIn}
          {howSignedIn(session)}
        </p>
        <p className="field-hint">Last active {formatTime(session.lastUsedAt ?? session.createdAt)}</p>
      </div>
      {/* The current session ends with "Sign out"; the name says which row each other button ends. */}
      {!session.current && (
        <button
          type="button"
          className="secondary"
          aria-label={`Revoke ${device}, signed in ${signedIn}`}
          onClick={() => onRevoke(session.id)}
          disabled={busy}
        >
          Revoke
        </button>
      )}
    </li>
  );
}
