const EMAIL_MAX = 254;

// The same rule as graphql-scalars' EmailAddress, plus a dot in the domain: "bob@gmail" is a typo.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether a normalized email could belong to an account: lookups skip the database otherwise. */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= EMAIL_MAX && EMAIL.test(email);
}
