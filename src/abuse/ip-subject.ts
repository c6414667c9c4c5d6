import { isIP } from 'node:net';

/**
 * What per-IP limits count: an IPv4 address whole, an IPv6 address by its /64. A single IPv6
 * host is routinely handed a whole /64, so counting addresses would give one client 2^64 budgets.
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address, and a port some proxies append is
 * dropped. Anything that is not an address (a misconfigured proxy's X-Forwarded-For) counts as itself.
 */
export function ipSubject(ip: string): string {
  const address = ip.trim().replace(/^\[(.+)\](:\d+)?$|^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1$3');
  const family = isIP(address);
  if (family === 4) return `ip:${address}`;
  if (family !== 6) return `ip:${ip}`;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `ip:${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  }
  return `ip:${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an address node:net calls IPv6: "::" expanded, a zone id dropped, a dotted IPv4 tail split. */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
