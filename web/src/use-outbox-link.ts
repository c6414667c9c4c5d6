import { useEffect, useState } from 'react';
import { GRAPHQL_URL } from './graphql-client';

/**
 * The development SMS outbox for a number, when the server has one: it answers only outside
 * production, so asking it is how the page knows it runs against a development server.
 */
export function useOutboxLink(phoneNumber: string | undefined): string | undefined {
  const [link, setLink] = useState<string>();
  useEffect(() => {
    setLink(undefined);
    if (!phoneNumber) return;
    const href = new URL(
      `/dev/outbox?to=${encodeURIComponent(phoneNumber)}`,
      new URL(GRAPHQL_URL, window.location.href),
    ).href;
    let current = true;
    fetch(href).then(
      (response) => current && response.ok && setLink(href),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [phoneNumber]);
  return link;
}
