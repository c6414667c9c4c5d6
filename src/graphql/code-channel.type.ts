import { registerEnumType } from 'type-graphql';

/** The GraphQL names of the channels; the values are the server's own (src/sms/channels.ts). */
export enum CodeChannelName {
  SMS = 'sms',
  CALL = 'call',
  WHATSAPP = 'whatsapp',
}

registerEnumType(CodeChannelName, {
  name: 'CodeChannel',
  description: 'How a code reaches the phone: a text, a call that says it, or a WhatsApp message.',
});

/** The `channel` field of every input that sends a code. */
export const CHANNEL_FIELD = {
  nullable: true,
  description:
    'How the code goes: SMS when omitted (with Twilio Verify, its VERIFY_CHANNEL). One codeChannels does not list is INVALID_INPUT on channel, and nothing is sent. Every channel counts toward the same limits.',
} as const;
