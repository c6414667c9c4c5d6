import twilio from 'twilio';
import type { Voice } from '../texts/sms-texts';

/** The TwiML a call runs: a beat of silence, then `words` in `language`. */
export function spokenTwiml(words: string, language: Voice): string {
  const response = new twilio.twiml.VoiceResponse();
  // The first words of a call are often lost while the phone goes to the ear.
  response.pause({ length: 1 });
  response.say({ language }, words);
  return response.toString();
}
