import { Query, Resolver } from 'type-graphql';
import type { CodeChannel } from '../sms/channels';
import { CodeChannelName } from './code-channel.type';

@Resolver()
export class CodeChannelsResolver {
  constructor(private readonly deps: { verification: { channels: readonly CodeChannel[] } }) {}

  @Query(() => [CodeChannelName], {
    description:
      'The channels a code may be asked for by (CODE_CHANNELS), SMS first: what a page offers as a fallback.',
  })
  codeChannels(): CodeChannel[] {
    return [...this.deps.verification.channels];
  }
}
