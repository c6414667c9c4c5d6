import { useEffect, useState } from 'react';

type Estimator = typeof import('../../src/users/password-strength');

export interface ShownEstimate {
  score: number;
  guessable: boolean;
  /** What the server would say of it: why it is too easy to guess, or that it will do. */
  words: string;
}

// zxcvbn and its dictionaries are most of a megabyte: fetched when someone first types a new
// password, never with the first page. Kept once fetched; asked again if the fetch failed.
let estimator: Promise<Estimator> | undefined;
const loadEstimator = () => {
  estimator ??= import('../../src/users/password-strength').catch((error: unknown) => {
    estimator = undefined;
    throw error;
  });
  return estimator;
};

/** Whose password it is, as the server counts it: the name, the email and the email's local part. */
export function personalWords(...inputs: string[]): string[] {
  const email = inputs.find((input) => input.includes('@'));
  return [...inputs, ...(email ? [email.slice(0, email.lastIndexOf('@'))] : [])].filter(Boolean);
}

/** The server's own estimate of a new password as it is typed, with what the person has told us (name, email) as guessable words. */
export function usePasswordEstimate(password: string, userInputs: readonly string[]): ShownEstimate | undefined {
  const [shown, setShown] = useState<ShownEstimate>();
  const inputs = userInputs.join('\n');
  useEffect(() => {
    if (!password) return setShown(undefined);
    let current = true;
    loadEstimator().then(
      ({ estimatePassword, guessablePasswordMessage }) => {
        if (!current) return;
        const estimate = estimatePassword(password, inputs.split('\n'));
        const words = estimate.guessable
          ? guessablePasswordMessage(estimate)
          : estimate.score === 4
            ? 'Very strong password.'
            : 'Strong enough password.';
        setShown({ score: estimate.score, guessable: estimate.guessable, words });
      },
      // Offline: the server still judges the password when the form is sent.
      () => current && setShown(undefined),
    );
    return () => {
      current = false;
    };
  }, [password, inputs]);
  return password ? shown : undefined;
}
