import type { CodeChannel } from '../sms/channels';
import type { VerificationProvider } from './verification-provider';

/** A code asked for by a channel this deployment does not offer: the flows check `offers()` before they count or send anything. */
export class ChannelNotOfferedError extends Error {
  constructor(
    readonly channel: CodeChannel,
    reason: string,
  ) {
    super(`no code by ${channel}: ${reason}`);
    this.name = 'ChannelNotOfferedError';
  }
}

/** The provider as the flows see it: it says which channels it offers (CODE_CHANNELS) and sends by no other. */
export interface ChannelProvider extends VerificationProvider {
  /** The channels a person may ask for, SMS first among them. */
  readonly channels: readonly CodeChannel[];
  /** What a code goes by when the person names no channel: SMS, or Twilio Verify's VERIFY_CHANNEL. */
  readonly defaultChannel: CodeChannel;
  offers(channel: CodeChannel): boolean;
}

/** `provider`, sending only by the channels `offered`; config checked at start that it can send by each. */
export function offeringChannels(
  provider: VerificationProvider,
  offered: readonly CodeChannel[],
  defaultChannel: CodeChannel = 'sms',
): ChannelProvider {
  const offers = (channel: CodeChannel) => offered.includes(channel);
  return {
    name: provider.name,
    channels: offered,
    defaultChannel,
    offers,
    start(subject, channel) {
      // The default is the deployment's own choice (VERIFY_CHANNEL), sent whether CODE_CHANNELS lists it or not.
      if (channel && channel !== defaultChannel && !offers(channel))
        return Promise.reject(new ChannelNotOfferedError(channel, 'CODE_CHANNELS does not list it'));
      return provider.start(subject, channel);
    },
    check: (subject, code) => provider.check(subject, code),
    ...(provider.forget ? { forget: provider.forget.bind(provider) } : {}),
  };
}
