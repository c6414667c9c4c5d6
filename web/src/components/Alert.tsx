import type { ReactNode } from 'react';

/** Errors that belong to no field, above the form; announced when they appear. */
export function Alert({ messages, children }: { messages: readonly string[]; children?: ReactNode }) {
  if (messages.length === 0 && !children) return null;
  return (
    <div role="alert" className="alert">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
      {children}
    </div>
  );
}
