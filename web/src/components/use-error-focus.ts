import { useEffect, useRef } from 'react';
import { NO_ERRORS, type SortedErrors } from './form-errors';

/**
 * After a failed submit, the focus goes where the problem is: the form's first invalid field, or
 * else the error summary above it. Otherwise it would drop to the page (the button is disabled
 * while the request runs), and a keyboard or screen reader user would start over from the top.
 * Each new errors object is a new submit, even with the same messages as before.
 */
export function useErrorFocus(errors: SortedErrors) {
  const form = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors === NO_ERRORS) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? summary.current)?.focus();
  }, [errors]);
  return { form, summary };
}
