import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** A GraphQL client over real HTTP, the way a front end or curl talks to the server. */
export async function postGraphQL<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as {
    data?: TResult;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { response, body, data: body.data as TResult };
}

/** The `name=value` part of a Set-Cookie header, ready to send back as a Cookie header. */
export function cookiePair(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0];
}
