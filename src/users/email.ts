import { domainToASCII } from 'node:url';

const EMAIL_MAX = 254;

// RFC 6531: the ASCII characters HTML's email rule takes, or any non-ASCII character that shows
// (no controls, format characters, separators or unassigned code points).
const LOCAL = /^(?:[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]|[^\p{ASCII}\p{C}\p{Z}])+$/u;
// After domainToASCII: LDH labels, with a dot, since "bob@gmail" is a typo.
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const EMAIL_RULE_MESSAGE =
  'Email must be a valid email address such as name@example.com, of at most 254 characters. Letters of any language are accepted; quotes, spaces and IP addresses are not.';

/**
 * One spelling per address, so uniqueness and lookups hold: the local part in NFC and lower case,
 * the domain as IDNA gives it in ASCII (`exämple.com` and `xn--exmple-cua.com` are one domain). A
 * domain IDNA refuses is kept as typed, lower-cased, for isPlausibleEmail to refuse.
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase().normalize('NFC');
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  const domain = trimmed.slice(at + 1);
  return `${trimmed.slice(0, at)}@${(domain && domainToASCII(domain)) || domain}`;
}

/** Whether a normalized email could belong to an account: lookups skip the database otherwise. */
export function isPlausibleEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  return (
    at > 0 &&
    email.length <= EMAIL_MAX &&
    LOCAL.test(email.slice(0, at)) &&
    DOMAIN.test(domain) &&
    // A label IDNA refuses ("xn--a") looks like LDH but is no domain.
    domainToASCII(domain) === domain
  );
}
