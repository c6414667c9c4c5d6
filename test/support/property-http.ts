import { connect } from 'node:net';

/** One HTTP/1.1 response as read off the wire. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a raw exchange on one connection ended. */
export interface Exchange {
  responses: WireResponse[];
  /** `closed`: the server ended the connection; `reset`: it reset it; `timeout`: it went quiet; `done`: all requests were answered. */
  ended: 'closed' | 'reset' | 'timeout' | 'done';
}

/** Parses every complete response at the start of `buffer`; returns them and the unparsed rest. */
function parseResponses(buffer: Buffer): { responses: WireResponse[]; rest: Buffer } {
  const responses: WireResponse[] = [];
  for (;;) {
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [statusLine, ...lines] = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let offset = headEnd + 4;
    let body: Buffer;
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = buffer.indexOf('\r\n', offset);
        if (lineEnd < 0) return { responses, rest: buffer };
        const size = parseInt(buffer.subarray(offset, lineEnd).toString('latin1'), 16);
        if (buffer.length < lineEnd + 2 + size + 2) return { responses, rest: buffer };
        parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        offset = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < offset + length) break;
      body = buffer.subarray(offset, offset + length);
      offset += length;
    }
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') });
    buffer = buffer.subarray(offset);
  }
  return { responses, rest: buffer };
}

/**
 * Sends `requests` one after another on a single TCP connection, each once the previous response
 * is in, as a keep-alive client does. Gives up when the server has said nothing for `quietMs`.
 */
export function exchangeOnOneConnection(port: number, requests: Buffer[], quietMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let buffer: Buffer = Buffer.alloc(0);
    const responses: WireResponse[] = [];
    let next = 0;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (ended: Exchange['ended']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses, ended });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish('timeout'), quietMs);
    };
    const sendNext = () => {
      if (next === requests.length) return finish('done');
      socket.write(requests[next++]);
      quiet();
    };
    socket.on('data', (data) => {
      quiet();
      const parsed = parseResponses(Buffer.concat([buffer, data]));
      buffer = parsed.rest;
      for (const response of parsed.responses) {
        responses.push(response);
        sendNext();
      }
    });
    socket.on('error', () => finish('reset'));
    socket.on('end', () => finish('closed'));
    socket.on('connect', sendNext);
  });
}

/** A POST /graphql with a JSON body, its length declared or sent in chunks of `chunkSize` bytes. */
export function rawPost(body: Buffer, mode: { chunked: false } | { chunked: true; chunkSize: number }): Buffer {
  if (!mode.chunked) {
    return Buffer.concat([
      Buffer.from(
        `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      ),
      body,
    ]);
  }
  const parts: Buffer[] = [
    Buffer.from(
      'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    ),
  ];
  for (let offset = 0; offset < body.length; offset += mode.chunkSize) {
    const chunk = body.subarray(offset, offset + mode.chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}
