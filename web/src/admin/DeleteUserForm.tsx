import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { Alert } from '../components/Alert';
import { DeleteUserDocument } from './graphql/generated/graphql';
import { dataOf } from './operation-result';
import { ReasonForm } from './ReasonForm';

/**
 * deleteUser(id, reason) in two steps: the reason first, then a confirmation that names the person,
 * since nothing brings an account back.
 */
export function DeleteUserForm({ user, onDeleted }: { user: { id: string; name: string }; onDeleted: () => void }) {
  const client = useClient();
  const [reason, setReason] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (reason) question.current?.focus();
  }, [reason]);

  if (!reason)
    return (
      <ReasonForm
        action="Delete user"
        reasonLabel="Reason for deleting the user"
        danger
        run={async (r) => setReason(r)}
      />
    );

  const confirm = async () => {
    setBusy(true);
    try {
      const { deleteUser } = dataOf(await client.mutation(DeleteUserDocument, { id: user.id, reason }));
      if (!deleteUser) throw new Error('The account could not be deleted.');
      onDeleted();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  return (
    <div className="step confirm">
      <h3 tabIndex={-1} ref={question}>
        Delete {user.name} for good?
      </h3>
      <p>
        Their account, sessions and codes are erased and cannot be brought back. The audit log keeps the reason: “
        {reason}”.
      </p>
      <Alert messages={error ? [error] : []} />
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
          Delete for good
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setReason(undefined)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
