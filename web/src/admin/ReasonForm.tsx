import { useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';

/** An admin action: it asks for the reason that goes into the audit log; `run` says what happened. */
export function ReasonForm({
  action,
  reasonLabel,
  hint,
  danger,
  run,
}: {
  action: string;
  reasonLabel: string;
  /** What the action does, read with the reason's field. */
  hint?: string;
  danger?: boolean;
  /** Throws an Error whose message says why not. */
  run: (reason: string) => Promise<void>;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    if (!reason) return setError('Give a reason: it goes into the audit log.');
    setError(undefined);
    setBusy(true);
    try {
      await run(reason);
      form.reset();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="step">
      <Alert messages={error ? [error] : []} />
      <Field label={reasonLabel} name="reason" hint={hint} autoComplete="off" required />
      <button type="submit" className={danger ? 'danger' : undefined} disabled={busy}>
        {action}
      </button>
    </form>
  );
}
