import type { ReactNode, Ref } from 'react';

/**
 * Errors that belong to no field, above the form: announced when they appear (role="alert"), and
 * focusable from script, so a failed submit can move the focus here when no field is to blame.
 */
export function Alert({
  messages,
  children,
  ref,
}: {
  messages: readonly string[];
  children?: ReactNode;
  ref?: Ref<HTMLDivElement>;
}) {
  if (messages.length === 0 && !children) return null;
  return (
    <div role="alert" className="alert" tabIndex={-1} ref={ref}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
      {children}
    </div>
  );
}
