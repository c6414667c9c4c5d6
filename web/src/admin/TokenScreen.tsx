import { useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { ADMIN_GRAPHQL_URL } from './admin-client';
import { TOKEN_REFUSED } from './token';

const UNREACHABLE = 'The admin API could not be reached. Try again.';

/** Asks for ADMIN_TOKEN and tries it on the API before accepting it. */
export function TokenScreen({ message, onAccepted }: { message?: string; onAccepted: (token: string) => void }) {
  const [error, setError] = useState(message);
  const [checking, setChecking] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('token') ?? '').trim();
    if (!token) return setError('Paste the admin token.');
    setChecking(true);
    try {
      const response = await fetch(ADMIN_GRAPHQL_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.status === 401) return setError(TOKEN_REFUSED);
      if (!response.ok) return setError(UNREACHABLE);
      onAccepted(token);
    } catch {
      setError(UNREACHABLE);
    } finally {
      setChecking(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Admin token</h1>
      <p className="lead">Paste the service’s ADMIN_TOKEN. It is kept in this tab only, until you close it.</p>
      <Alert messages={error ? [error] : []} />
      <form onSubmit={onSubmit} noValidate>
        <Field label="Admin token" name="token" type="password" autoComplete="off" required />
        <button type="submit" disabled={checking}>
          Continue
        </button>
      </form>
    </>
  );
}
