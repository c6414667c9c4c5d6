import { useEffect, useRef, useState, type FormEvent } from 'react';
import { NO_ERRORS, withoutField, type SortedErrors } from './form-errors';

/**
 * A form's errors. After a failed submit, the focus goes where the problem is: the form's first
 * invalid field, or else the error summary above it. Otherwise it would drop to the page (the button
 * is disabled while the request runs), and a keyboard or screen reader user would start over from
 * the top. Each new errors object from setErrors is a new submit, even with the same messages.
 *
 * Editing a field takes its error away (and its aria-invalid): the error spoke of a value that is
 * gone. Spread `onChange` on the form; a change bubbles to it from every field.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<SortedErrors>(NO_ERRORS);
  const form = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  /** The errors left after an edit: no submit, so the focus stays where the person types. */
  const edited = useRef<SortedErrors>(undefined);
  useEffect(() => {
    if (errors === NO_ERRORS || errors === edited.current) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? summary.current)?.focus();
  }, [errors]);
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const { name } = event.target as HTMLInputElement;
    const next = withoutField(errors, name);
    if (next === errors) return;
    edited.current = next;
    setErrors(next);
  };
  return { errors, setErrors, form, summary, onChange };
}
