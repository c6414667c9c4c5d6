import { isStorablePassword } from '../users/password';
import { estimatePassword, guessablePasswordMessage } from '../users/password-strength';

const LIMITS = { min: 8, max: 256 };

/** Whose password it is: their name and email are the first things a guesser tries. */
export interface PasswordOwner {
  name?: string | null;
  email: string;
}

/** The owner's name, email and the email's local part, as the estimator's user inputs. */
export function personalWords({ name, email }: PasswordOwner): string[] {
  const local = email.slice(0, Math.max(0, email.lastIndexOf('@')));
  return [name, email, local].filter((word): word is string => !!word);
}

/** What is wrong with a new password, in words for the person; undefined when it will do. Signup, reset and change share the rules. */
export function checkPassword(password: string, owner: PasswordOwner): string | undefined {
  if (!isStorablePassword(password))
    return 'Password contains a broken character (an unpaired surrogate) that cannot be kept as typed. Type it again.';
  if (password.length < LIMITS.min) return `Password must be at least ${LIMITS.min} characters.`;
  if (password.length > LIMITS.max) return `Password must be at most ${LIMITS.max} characters.`;
  const estimate = estimatePassword(password, personalWords(owner));
  return estimate.guessable ? guessablePasswordMessage(estimate) : undefined;
}
