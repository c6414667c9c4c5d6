import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** Listens and answers the origin to print: `localhost` for the loopback and wildcard addresses. */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host)
        ? 'localhost'
        : host.includes(':')
          ? `[${host}]`
          : host;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

/**
 * Stops accepting connections and lets requests in flight finish. A keep-alive connection is
 * closed as soon as it is idle: Node closes the ones idle at close() only, and a connection whose
 * request finishes afterwards would hold close() for the keep-alive timeout (about 5 s).
 */
export async function closeHttp(http: Server): Promise<void> {
  if (!http.listening) return;
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  const sweep = setInterval(() => http.closeIdleConnections(), 50);
  http.closeIdleConnections();
  await closed;
  clearInterval(sweep);
}
