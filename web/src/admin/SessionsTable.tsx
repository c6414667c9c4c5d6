import type { UserQuery } from './graphql/generated/graphql';
import { when } from './operation-result';

type Session = NonNullable<UserQuery['user']>['sessions'][number];

/** user(id).sessions: the live ones, newest first. */
export function SessionsTable({ sessions }: { sessions: Session[] }) {
  if (sessions.length === 0) return <p>No live sessions.</p>;
  return (
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
        {sessions.map((session) => (
          <tr key={session.id}>
            <td>{when(session.createdAt)}</td>
            <td>{when(session.lastUsedAt)}</td>
            <td>{when(session.expiresAt)}</td>
            <td>{session.userAgent ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
