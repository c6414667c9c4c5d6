import type { ReactNode } from 'react';
import { formatWait } from '../use-countdown';
import type { FallbackChannel } from '../use-code-channels';
import { FallbackButtons } from './FallbackButtons';

export interface SendCodeButtonsProps {
  /** The submit button's words. */
  children: ReactNode;
  /** A code was asked for already: the button is the second choice, beside the code's form. */
  asked: boolean;
  /** Sent from this page: the other channels are offered, and "Ask again" when the wait is over. */
  sent: boolean;
  /** Milliseconds left before another code may be asked for. */
  wait: number;
  busy: boolean;
  fallbacks: readonly FallbackChannel[];
  onAsk(channel: FallbackChannel): void;
  /** The id of the line that says how long to wait, which every button names. */
  waitId: string;
}

/** A form's "send a code" button, the other channels beside it, and how long until the next code. */
export function SendCodeButtons({ children, asked, sent, wait, busy, fallbacks, onAsk, waitId }: SendCodeButtonsProps) {
  const disabled = wait > 0 || busy;
  return (
    <div className="with-wait">
      <button type="submit" className={asked ? 'secondary' : undefined} disabled={disabled} aria-describedby={waitId}>
        {children}
      </button>
      {sent && <FallbackButtons channels={fallbacks} disabled={disabled} describedBy={waitId} onAsk={onAsk} />}
      <p id={waitId} className="field-hint">
        {wait > 0 ? `You can ask for a new code in ${formatWait(wait)}.` : sent ? 'No text message? Ask again.' : ''}
      </p>
    </div>
  );
}
