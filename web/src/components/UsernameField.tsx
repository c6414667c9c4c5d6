/**
 * The account's email for password managers, on forms that ask for a password without showing
 * who for (reset, account): so the password saved or filled is the one for this account.
 */
export function UsernameField({ email }: { email: string }) {
  return <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />;
}
