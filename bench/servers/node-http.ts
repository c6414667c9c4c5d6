import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveOverIpc } from './ipc';

/** The floor: what node:http alone costs for the same answer as `{ __typename }`. */
const BODY = JSON.stringify({ data: { __typename: 'Query' } });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(BODY),
    });
    res.end(BODY);
  });
});

server.listen(0, '127.0.0.1', () => {
  serveOverIpc((server.address() as AddressInfo).port, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  });
});
