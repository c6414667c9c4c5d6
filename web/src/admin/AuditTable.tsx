import { hrefOf } from './admin-router';
import { when } from './operation-result';

/** An event as both pages read it; the audit log adds who it concerns and from where. */
export interface AuditRow {
  id: string;
  at: string;
  type: string;
  actor: string;
  outcome: string;
  userId?: string | null;
  ip?: string | null;
  detail?: Record<string, string | number | boolean | null> | null;
}

/** Breaks a line only after `separator`, never inside a word: `admin.` / `destination_unblocked`, an IPv6 address by its groups. */
const breakingAfter = (text: string, separator: '.' | ':') =>
  text
    .split(separator)
    .flatMap((part, i, parts) => [
      i < parts.length - 1 ? `${part}${separator}` : part,
      ...(i < parts.length - 1 ? [<wbr key={i} />] : []),
    ]);

const detailText = (detail: AuditRow['detail']) =>
  Object.entries(detail ?? {})
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join('; ');

/**
 * Audit events, newest first: who did what, and for admin actions the reason. `withOrigin` adds the
 * user (a link to their page) and the IP, for the log of every event, where they differ from row to row.
 */
export function AuditTable({ events, withOrigin = false }: { events: AuditRow[]; withOrigin?: boolean }) {
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
          {withOrigin && <th scope="col">User</th>}
          {withOrigin && <th scope="col">IP</th>}
          <th scope="col" className="audit-detail">
            Detail
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td className="keep-words">{when(event.at)}</td>
            <td className="keep-words">{breakingAfter(event.type, '.')}</td>
            <td className="keep-words">{event.actor}</td>
            <td className="keep-words">{event.outcome}</td>
            {withOrigin && (
              <td>
                {event.userId ? (
                  // The id's first characters tell rows apart; the name read out is the whole id.
                  <a href={hrefOf.user(event.userId)} aria-label={`User ${event.userId}`}>
                    {event.userId.slice(0, 8)}
                  </a>
                ) : (
                  '—'
                )}
              </td>
            )}
            {withOrigin && <td className="keep-words">{event.ip ? breakingAfter(event.ip, ':') : '—'}</td>}
            <td>{detailText(event.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
