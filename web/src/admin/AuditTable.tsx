import type { UserQuery } from './graphql/generated/graphql';
import { when } from './operation-result';

type AuditEvent = NonNullable<UserQuery['user']>['auditEvents'][number];

/** user(id).auditEvents, newest first: who did what, and for admin actions the reason. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p>No audit events.</p>;
  return (
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
        {events.map((event) => (
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
  );
}
