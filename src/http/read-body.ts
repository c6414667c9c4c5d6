import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

/** Bytes that are not UTF-8: decoded leniently they would become U+FFFD, a value the client never sent. */
export class BodyNotUtf8Error extends Error {}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Buffers a request body as UTF-8 text, refusing more than `limit` bytes, and bytes that are not UTF-8. On refusal the request is paused, not
 * destroyed, so the 413 still goes out; the caller closes the connection after it.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).pause();
      reject(new BodyTooLargeError());
    };
    const onEnd = () => {
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyNotUtf8Error());
      }
    };
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}
