import type { OperationResult } from 'urql';

/** The answer's data, or an Error with the API's message (a refused reason, an unknown user). */
export function dataOf<T>(result: OperationResult<T>): T {
  if (result.error || !result.data) throw new Error(result.error?.graphQLErrors[0]?.message ?? 'The request failed.');
  return result.data;
}

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
