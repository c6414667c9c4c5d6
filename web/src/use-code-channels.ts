import { useQuery } from 'urql';
import { CodeChannelsDocument, type CodeChannel } from './graphql/generated/graphql';

/** A way other than a text that a code may be asked for by. */
export type FallbackChannel = Exclude<CodeChannel, 'SMS'>;

/**
 * The fallbacks this server offers (CODE_CHANNELS), in its order: a page offers only what would not
 * be refused. None until it has said, or if it cannot be asked: the text and its resend still work.
 */
export function useFallbackChannels(): FallbackChannel[] {
  const [{ data }] = useQuery({ query: CodeChannelsDocument });
  return (data?.codeChannels ?? []).filter((channel): channel is FallbackChannel => channel !== 'SMS');
}
