import { useEffect, useRef } from 'react';

/** WebOTP's request, which TypeScript's DOM types do not name yet. */
interface OtpRequest extends CredentialRequestOptions {
  otp: { transport: ['sms'] };
}

/**
 * Where the browser reads codes from texts (WebOTP: Chrome on Android, with the text's last line
 * naming this site), asks it for the code once `sent` says one went out, and hands it to `onCode`.
 * A browser without it, a prompt dismissed, or leaving the page (the request is aborted) leaves the
 * code to be typed, and nothing is said: none of these is the person's problem.
 */
export function useWebOtp(sent: unknown, onCode: (code: string) => void): void {
  const latest = useRef(onCode);
  useEffect(() => {
    latest.current = onCode;
  });
  useEffect(() => {
    if (sent === undefined || sent === false || !('OTPCredential' in window)) return;
    const controller = new AbortController();
    const request: OtpRequest = { otp: { transport: ['sms'] }, signal: controller.signal };
    navigator.credentials.get(request).then(
      (credential) => {
        const code = (credential as { code?: unknown } | null)?.code;
        if (!controller.signal.aborted && typeof code === 'string') latest.current(code);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [sent]);
}

/**
 * Puts the code in the form's field and sends the form, as if typed; a form that still needs
 * something else (a new password) gets the focus there instead.
 */
export function fillCode(form: HTMLFormElement | null, code: string, name = 'code'): void {
  const input = form?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!form || !input) return;
  input.value = code;
  const missing = [...form.querySelectorAll<HTMLInputElement>('input[required]')].find((field) => !field.value);
  if (missing) missing.focus();
  else form.requestSubmit();
}
