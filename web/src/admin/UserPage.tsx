import { useState } from 'react';
import { useClient, useQuery, type OperationResult } from 'urql';
import { Alert } from '../components/Alert';
import { hrefOf } from './admin-router';
import { RevokeSessionsMutation, UserQuery, VerifyUserManuallyMutation } from './operations';
import { ReasonForm } from './ReasonForm';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The answer's data, or an Error with the API's message (a refused reason, an unknown user). */
function dataOf<T>(result: OperationResult<T>): T {
  if (result.error || !result.data) throw new Error(result.error?.graphQLErrors[0]?.message ?? 'The request failed.');
  return result.data;
}

/** user(id): details, live sessions and audit events, with the two actions operators take by hand. */
export function UserPage({ id }: { id: string }) {
  const client = useClient();
  const [{ data, error }, refetch] = useQuery({ query: UserQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const user = data?.user;
  // Outside the forms: verifying by hand removes its own form once the account is verified.
  const [done, setDone] = useState<string>();

  const revoke = async (reason: string) => {
    const count = dataOf(await client.mutation(RevokeSessionsMutation, { userId: id, reason })).revokeSessions;
    reload();
    setDone(`Ended ${count} session${count === 1 ? '' : 's'}.`);
  };
  const verify = async (reason: string) => {
    const changed = dataOf(await client.mutation(VerifyUserManuallyMutation, { id, reason })).verifyUserManually;
    reload();
    setDone(changed ? 'Verified by hand.' : 'The account was already verified.');
  };

  if (error && error.response?.status !== 401) return <Alert messages={[error.message]} />;
  if (data && !user)
    return (
      <>
        <h1 tabIndex={-1}>No such user</h1>
        <p>
          <a href={hrefOf.users()}>Search users</a>
        </p>
      </>
    );
  if (!user) return <p role="status">Loading…</p>;
  return (
    <>
      <h1 tabIndex={-1}>{user.name}</h1>
      <dl className="details">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Phone</dt>
        <dd>{user.phoneNumber}</dd>
        <dt>Verified</dt>
        <dd>{user.verified ? 'Yes' : 'No'}</dd>
        <dt>Registered</dt>
        <dd>{when(user.createdAt)}</dd>
        <dt>Id</dt>
        <dd>{user.id}</dd>
      </dl>

      <h2>Sessions</h2>
      {user.sessions.length === 0 ? (
        <p>No live sessions.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Sessions</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Device</th>
            </tr>
          </thead>
          <tbody>
            {user.sessions.map((session) => (
              <tr key={session.id}>
                <td>{when(session.createdAt)}</td>
                <td>{when(session.lastUsedAt)}</td>
                <td>{when(session.expiresAt)}</td>
                <td>{session.userAgent ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ReasonForm action="Revoke sessions" reasonLabel="Reason for revoking sessions" danger run={revoke} />
      {!user.verified && <ReasonForm action="Verify by hand" reasonLabel="Reason for verifying by hand" run={verify} />}
      <p role="status" className={done ? 'success' : undefined}>
        {done}
      </p>

      <h2>Audit events</h2>
      {user.auditEvents.length === 0 ? (
        <p>No audit events.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Audit events</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">By</th>
              <th scope="col">Outcome</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {user.auditEvents.map((event) => (
              <tr key={event.id}>
                <td>{when(event.at)}</td>
                <td>{event.type}</td>
                <td>{event.actor}</td>
                <td>{event.outcome}</td>
                <td>
                  {Object.entries(event.detail ?? {})
                    .map(([key, value]) => `${key}: ${String(value)}`)
                    .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
