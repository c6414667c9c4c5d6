import { useEffect, useRef } from 'react';

/** The recovery codes as a text file a person keeps: what they are for, then one code a line. */
function recoveryFile(codes: readonly string[], email: string): string {
  return [
    `Recovery codes for ${email} at ${window.location.host}`,
    '',
    'Each code signs you in once, in place of a second-step code, if you lose your phone.',
    'Keep this file somewhere safe. Setting up two-step sign-in again makes new codes and ends these.',
    '',
    ...codes,
    '',
  ].join('\n');
}

/** The ten recovery codes, shown once as two-step sign-in is turned on, with a download to keep them. */
export function RecoveryCodes({ codes, email, onDone }: { codes: readonly string[]; email: string; onDone(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form that was just sent is gone: the focus goes to what replaced it.
  useEffect(() => heading.current?.focus(), []);

  const onDownload = () => {
    const url = URL.createObjectURL(new Blob([recoveryFile(codes, email)], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'recovery-codes.txt';
    link.click();
    // The download has its own copy once it starts.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <div className="recovery">
      <p role="status" className="notice">
        Two-step sign-in is on.
      </p>
      <h3 id="recovery-heading" tabIndex={-1} ref={heading}>
        Your recovery codes
      </h3>
      <p className="lead">
        If you lose your phone, each code signs you in once in place of a second-step code. Keep them somewhere safe,
        such as a password manager: they are shown only this once.
      </p>
      <ul className="recovery-codes" aria-labelledby="recovery-heading">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="secondary" onClick={onDownload}>
          Download
        </button>
        <button type="button" onClick={onDone}>
          I have saved my codes
        </button>
      </div>
    </div>
  );
}
