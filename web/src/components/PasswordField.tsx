import { useState } from 'react';
import { usePasswordEstimate } from '../use-password-estimate';
import { Field, type FieldProps } from './Field';

/**
 * A new password's field, with a strength meter and the estimate's words under it as it is typed.
 * `userInputs` are what the person has typed about themselves (name, email): a password made of
 * them is among the first guesses.
 */
export function PasswordField({
  userInputs,
  onChange,
  ...field
}: Omit<FieldProps, 'type' | 'note'> & { userInputs: readonly string[] }) {
  const [password, setPassword] = useState('');
  const estimate = usePasswordEstimate(password, userInputs);
  // The server's error for this value already says it: the same sentence twice reads as two problems.
  const repeated = estimate !== undefined && field.error?.includes(estimate.words);
  const note = (
    // Polite: said once typing pauses, not over each key.
    <div className="strength" aria-live="polite">
      {estimate && (
        <>
          {/* The words say what the bar shows. */}
          <meter min={0} max={4} low={2.5} high={3.5} optimum={4} value={estimate.score} aria-hidden="true" />
          {!repeated && (
            <p className={estimate.guessable ? 'strength-words weak' : 'strength-words'}>{estimate.words}</p>
          )}
        </>
      )}
    </div>
  );
  return (
    <Field
      {...field}
      type="password"
      autoComplete="new-password"
      note={note}
      onChange={(event) => {
        setPassword(event.target.value);
        onChange?.(event);
      }}
    />
  );
}
