import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { BlockedDestinationsDocument, UnblockDocument } from './graphql/generated/graphql';
import { dataOf } from './operation-result';
import { ReasonForm } from './ReasonForm';

/** blockedDestinations, each with unblock(destination, reason) beside it. */
export function BlockedDestinationsPage() {
  const client = useClient();
  const [{ data, error }, refetch] = useQuery({ query: BlockedDestinationsDocument });
  // Outside the rows: an unblocked destination's row, and its form, go away.
  const [done, setDone] = useState<string>();
  const rows = data?.blockedDestinations;

  const unblock = async (destination: string, reason: string) => {
    dataOf(await client.mutation(UnblockDocument, { destination, reason }));
    refetch({ requestPolicy: 'network-only' });
    setDone(`Unblocked ${destination} for the rest of the UTC day.`);
  };

  return (
    <>
      <h1 tabIndex={-1}>Blocked destinations</h1>
      <p className="lead">
        The SMS guard refuses codes to these prefixes and countries now: too many codes sent there in the last day were
        never entered. Unblocking lifts their budgets until midnight UTC.
      </p>
      <Alert messages={error && error.response?.status !== 401 ? [error.message] : []} />
      <p role="status" className={done ? 'success' : undefined}>
        {done}
      </p>
      {rows && rows.length === 0 && <p>No destination is blocked now.</p>}
      {rows && rows.length > 0 && (
        <table>
          <caption className="visually-hidden">Blocked destinations</caption>
          <thead>
            <tr>
              <th scope="col">Destination</th>
              <th scope="col">Kind</th>
              <th scope="col">Codes sent</th>
              <th scope="col">Entered</th>
              <th scope="col">Unblock</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.destination}>
                <th scope="row">{row.destination}</th>
                <td>{row.kind === 'PREFIX' ? 'Prefix' : 'Country'}</td>
                <td>{row.sent}</td>
                <td>{row.verified}</td>
                <td>
                  <ReasonForm
                    action={`Unblock ${row.destination}`}
                    reasonLabel={`Reason for unblocking ${row.destination}`}
                    run={(reason) => unblock(row.destination, reason)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
