import type { FallbackChannel } from '../use-code-channels';

const LABELS: Record<FallbackChannel, string> = {
  CALL: 'Call me instead',
  WHATSAPP: 'Send by WhatsApp',
};

export interface FallbackButtonsProps {
  channels: readonly FallbackChannel[];
  /** While the resend beside them waits out its cooldown or runs: the same limits hold for every channel. */
  disabled: boolean;
  /** The id of the words that say how long to wait. */
  describedBy: string;
  onAsk(channel: FallbackChannel): void;
}

/** "Call me instead", "Send by WhatsApp": the same request again by another way, beside the resend. */
export function FallbackButtons({ channels, disabled, describedBy, onAsk }: FallbackButtonsProps) {
  if (channels.length === 0) return null;
  return (
    <div className="fallbacks">
      {channels.map((channel) => (
        <button
          key={channel}
          type="button"
          className="secondary"
          disabled={disabled}
          aria-describedby={describedBy}
          onClick={() => onAsk(channel)}
        >
          {LABELS[channel]}
        </button>
      ))}
    </div>
  );
}

/** What the page says once a code is on its way to `phone` (as shown), by the way asked for. */
export function sentBy(channel: FallbackChannel | undefined, phone: string): string {
  if (channel === 'CALL') return `We're calling ${phone}.`;
  if (channel === 'WHATSAPP') return `Sent by WhatsApp to ${phone}.`;
  return `We texted a code to ${phone}.`;
}
