/** A name or address that only this machine can reach: localhost, 127.x.x.x (also IPv4-mapped) or ::1. */
export function isLoopback(host: string): boolean {
  return /^(localhost|::1|(::ffff:)?127(\.\d{1,3}){3})$/i.test(host);
}

/** The host part of a Host header: without its port, and an IPv6 address without its brackets. */
export function hostOfHeader(header: string): string {
  const bracketed = /^\[([^\]]*)\](:\d{1,5})?$/.exec(header);
  if (bracketed) return bracketed[1];
  return /^([^:]*)(:\d{1,5})?$/.exec(header)?.[1] ?? '';
}
