import { useEffect, type RefObject } from 'react';

/** Once, when the form first shows: its first field that a person can type in gets the focus, if `when`. */
export function useFocusFirstField(form: RefObject<HTMLFormElement | null>, when: boolean): void {
  useEffect(() => {
    if (when) form.current?.querySelector<HTMLInputElement>('input:not([hidden]):not([type="hidden"])')?.focus();
    // Only as the form appears: later renders leave the focus where the person put it.
  }, []);
}
