import { useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { hrefOf } from './admin-router';
import { AuditTable } from './AuditTable';
import { AuditEventsDocument, type AuditEventsQuery } from './graphql/generated/graphql';
import { dataOf } from './operation-result';

type AuditPage = AuditEventsQuery['auditEvents'];

const PAGE_SIZE = 25;
const PREFIXES = ['code.', 'admin.', 'login.', 'user.', 'session.', 'password.', 'phone.', 'two_step.'];

/** auditEvents(type, first, after): every event, a user's or no one's, newest first; older ones on request. */
export function AuditLogPage({ type }: { type: string }) {
  const client = useClient();
  const variables = { type: type || null, first: PAGE_SIZE };
  const [{ data, error }] = useQuery({ query: AuditEventsDocument, variables });
  // The pages after the first, kept in order; a new filter is a new page component (keyed by type).
  const [older, setOlder] = useState<AuditPage[]>([]);
  const [loadError, setLoadError] = useState<string>();
  const [loading, setLoading] = useState(false);

  const pages = data ? [data.auditEvents, ...older] : [];
  const last = pages.at(-1);
  const events = pages.flatMap((page) => page.nodes);

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    location.hash = hrefOf.audit(String(new FormData(event.currentTarget).get('type') ?? '').trim());
  };

  const loadMore = async () => {
    if (!last?.endCursor) return;
    setLoading(true);
    setLoadError(undefined);
    try {
      const next = dataOf(await client.query(AuditEventsDocument, { ...variables, after: last.endCursor }).toPromise());
      setOlder((pages) => [...pages, next.auditEvents]);
    } catch (failure) {
      setLoadError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoading(false);
    }
  };

  const errors = [
    ...(error && error.response?.status !== 401 ? [error.message] : []),
    ...(loadError ? [loadError] : []),
  ];
  return (
    <>
      <h1 tabIndex={-1}>Audit log</h1>
      <p className="lead">
        Every event, newest first, including those that concern no account: codes the SMS guard refused, unblocked
        destinations, sign-ins for unknown emails.
      </p>
      <form onSubmit={onFilter} role="search" className="admin-search">
        <Field
          label="Event type"
          name="type"
          defaultValue={type}
          list="audit-type-prefixes"
          autoComplete="off"
          hint="A type such as code.blocked, or its start ending in a dot (code., admin.); empty for every event."
        />
        <datalist id="audit-type-prefixes">
          {PREFIXES.map((prefix) => (
            <option key={prefix} value={prefix} />
          ))}
        </datalist>
        <button type="submit">Filter</button>
      </form>
      <Alert messages={errors} />
      {data && <AuditTable events={events} withOrigin />}
      {last?.hasNextPage ? (
        <button type="button" onClick={() => void loadMore()} disabled={loading}>
          Load more
        </button>
      ) : (
        data && events.length > 0 && <p>No older events.</p>
      )}
    </>
  );
}
