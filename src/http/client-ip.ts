import type { IncomingMessage } from 'node:http';

/**
 * The caller's address for rate limits. X-Forwarded-For is trusted only as far as `trustProxy`
 * proxies we run appended to it; anything further left was written by the client and may be forged.
 */
export function clientIp(req: IncomingMessage, trustProxy: number): string {
  const socketIp = normalize(req.socket.remoteAddress ?? 'unknown');
  if (trustProxy === 0) return socketIp;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // The last `trustProxy` entries were added by our proxies; the one before them is the client.
  const chain = [...forwarded, socketIp];
  return normalize(chain[Math.max(0, chain.length - 1 - trustProxy)]);
}

function normalize(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
}
