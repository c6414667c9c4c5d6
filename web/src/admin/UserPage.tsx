import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { hrefOf } from './admin-router';
import { AuditTable } from './AuditTable';
import { DeleteUserForm } from './DeleteUserForm';
import { DeliveryTimeline } from './DeliveryTimeline';
import {
  ClearLimitsDocument,
  RevokeSessionsDocument,
  UserDocument,
  VerifyUserManuallyDocument,
} from './graphql/generated/graphql';
import { dataOf, when } from './operation-result';
import { ReasonForm } from './ReasonForm';
import { SessionsTable } from './SessionsTable';

/** user(id): details, live sessions, what was sent, the actions operators take by hand, and the audit events. */
export function UserPage({ id }: { id: string }) {
  const client = useClient();
  const [{ data, error }, refetch] = useQuery({ query: UserDocument, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const user = data?.user;
  // Outside the forms: verifying by hand removes its own form once the account is verified.
  const [done, setDone] = useState<string>();
  const [deleted, setDeleted] = useState<string>();

  const revoke = async (reason: string) => {
    const count = dataOf(await client.mutation(RevokeSessionsDocument, { userId: id, reason })).revokeSessions;
    reload();
    setDone(`Ended ${count} session${count === 1 ? '' : 's'}.`);
  };
  const verify = async (reason: string) => {
    const changed = dataOf(await client.mutation(VerifyUserManuallyDocument, { id, reason })).verifyUserManually;
    reload();
    setDone(changed ? 'Verified by hand.' : 'The account was already verified.');
  };
  const clearLimits = async (phone: string, reason: string) => {
    dataOf(await client.mutation(ClearLimitsDocument, { phone, reason }));
    reload();
    setDone(`Cleared the code limits of ${phone}.`);
  };

  if (deleted) return <UserDeleted name={deleted} />;
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
      <SessionsTable sessions={user.sessions} />

      <h2>Texts and calls</h2>
      <DeliveryTimeline deliveries={user.deliveries} />

      <h2>Actions</h2>
      <ReasonForm action="Revoke sessions" reasonLabel="Reason for revoking sessions" danger run={revoke} />
      <ReasonForm
        action="Clear limits"
        reasonLabel="Reason for clearing limits"
        hint={`Forgets the code limits of ${user.phoneNumber}, so its next code goes out at once.`}
        run={(reason) => clearLimits(user.phoneNumber, reason)}
      />
      {!user.verified && <ReasonForm action="Verify by hand" reasonLabel="Reason for verifying by hand" run={verify} />}
      <DeleteUserForm user={user} onDeleted={() => setDeleted(user.name)} />
      <p role="status" className={done ? 'success' : undefined}>
        {done}
      </p>

      <h2>Audit events</h2>
      <AuditTable events={user.auditEvents} />
    </>
  );
}

function UserDeleted({ name }: { name: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        User deleted
      </h1>
      <p role="status" className="success">
        {name}’s account was deleted. The audit log keeps the reason.
      </p>
      <p>
        <a href={hrefOf.users()}>Search users</a>
      </p>
    </>
  );
}
