import { useCallback, useState, type ReactNode } from 'react';
import { CaptchaCheck } from './CaptchaCheck';

export interface CaptchaState {
  /** The solved answer the next send carries, if any. */
  answer?: string;
  /** Whether the check is on the page: a send answered CAPTCHA_REQUIRED, or one is expected. */
  shown: boolean;
  /** Call with each send's errors: CAPTCHA_REQUIRED puts up a fresh challenge, success takes it down. */
  answered(errors: readonly { code: string }[]): void;
  /** A fresh challenge in place of one whose answer went out: for sends whose answer says nothing (a resend). */
  renew(): void;
  /** The widget, where the form shows it; null when no send needs one. */
  check: ReactNode;
}

/**
 * The challenge a form's sends may need. An answer is spent only where the server checked it, so
 * it is kept across other refusals (a wrong password) and replaced whenever CAPTCHA_REQUIRED says
 * it was missing, wrong or used.
 */
export function useCaptcha(expected = false): CaptchaState {
  const [shown, setShown] = useState(expected);
  const [round, setRound] = useState(0);
  const [answer, setAnswer] = useState<string>();
  const answered = useCallback((errors: readonly { code: string }[]) => {
    if (errors.some((error) => error.code === 'CAPTCHA_REQUIRED')) {
      setAnswer(undefined);
      setShown(true);
      setRound((count) => count + 1);
    } else if (errors.length === 0) {
      setAnswer(undefined);
      setShown(false);
    }
  }, []);
  const renew = useCallback(() => {
    setAnswer(undefined);
    setRound((count) => count + 1);
  }, []);
  const check = shown ? <CaptchaCheck key={round} onAnswer={setAnswer} /> : null;
  return { answer, shown, answered, renew, check };
}
