import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { CaptchaChallengeDocument } from '../graphql/generated/graphql';
import { renderHosted } from './hosted-widget';
import { loadAltcha } from './load-altcha';

/**
 * The challenge a send asked for (CAPTCHA_REQUIRED), fresh each time it is mounted: ALTCHA's
 * widget solves its proof of work on this page; Turnstile's and hCaptcha's come from their hosts.
 * `onAnswer` gets the answer to send with the next try, or undefined once it expired.
 */
export function CaptchaCheck({ onAnswer }: { onAnswer: (answer: string | undefined) => void }) {
  const [{ data, error }] = useQuery({ query: CaptchaChallengeDocument, requestPolicy: 'network-only' });
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const challenge = data?.captchaChallenge;

  useEffect(() => {
    const element = host.current;
    if (!challenge || !element) return;
    let gone = false;
    const show = async () => {
      if (challenge.provider !== 'ALTCHA')
        return renderHosted(challenge.provider, element, challenge.siteKey ?? '', onAnswer);
      await loadAltcha();
      if (gone) return;
      const widget = document.createElement('altcha-widget');
      // Set before it is connected, which is when the widget reads them. No pointer and scroll
      // trail in the answer: the server checks the work alone.
      widget.setAttribute('challenge', challenge.challenge ?? '');
      widget.setAttribute('configuration', JSON.stringify({ humanInteractionSignature: false }));
      element.append(widget);
      widget.addEventListener('verified', (event) =>
        onAnswer((event as CustomEvent<{ payload: string }>).detail.payload),
      );
      widget.addEventListener('expired', () => onAnswer(undefined));
    };
    show().catch(() => setFailed(true));
    return () => {
      gone = true;
      element.replaceChildren();
    };
  }, [challenge, onAnswer]);

  return (
    <div className="captcha">
      <div ref={host} />
      {(error || failed) && (
        <p className="field-error">The check could not be loaded. Reload the page and try again.</p>
      )}
    </div>
  );
}
