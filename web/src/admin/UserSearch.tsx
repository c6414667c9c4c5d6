import type { FormEvent } from 'react';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { hrefOf } from './admin-router';
import { UsersDocument } from './graphql/generated/graphql';

/** users(search, first): by id, email, E.164 phone number or the start of a name. */
export function UserSearch({ search }: { search: string }) {
  const [{ data, error, fetching }] = useQuery({ query: UsersDocument, variables: { search }, pause: !search });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    location.hash = hrefOf.users(String(new FormData(event.currentTarget).get('search') ?? '').trim());
  };

  const users = data?.users.nodes;
  return (
    <>
      <h1 tabIndex={-1}>Users</h1>
      <form onSubmit={onSubmit} role="search" className="admin-search">
        <Field
          label="Search"
          name="search"
          defaultValue={search}
          hint="An id, an email, an E.164 phone number or the start of a name."
          required
        />
        <button type="submit" disabled={fetching}>
          Search
        </button>
      </form>
      <Alert messages={error && error.response?.status !== 401 ? [error.message] : []} />
      {users && users.length === 0 && <p role="status">No user matches “{search}”.</p>}
      {users && users.length > 0 && (
        <table>
          <caption>Users matching “{search}”</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Verified</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <a href={hrefOf.user(user.id)}>{user.name}</a>
                </td>
                <td>{user.email}</td>
                <td>{user.phoneNumber}</td>
                <td>{user.verified ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.users.hasNextPage && <p className="field-hint">Showing the first 20; narrow the search to see others.</p>}
    </>
  );
}
