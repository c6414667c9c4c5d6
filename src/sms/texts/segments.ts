export type SmsEncoding = 'GSM-7' | 'UCS-2';

/*
 * The GSM 7-bit default alphabet and its extension table, 3GPP TS 23.038 §6.2.1 (formerly GSM 03.38),
 * as tabulated in Unicode's https://www.unicode.org/Public/MAPPINGS/ETSI/GSM0338.TXT and by Twilio's
 * segment calculator (github.com/TwilioDevEd/message-segment-calculator, src/libs/UnicodeToGSM.ts).
 * Code 0x09 is capital Ç as in the spec and Twilio's table, not the ç that GSM0338.TXT "corrects" it to:
 * were a carrier to send ç as GSM-7 after all, a text would only cost less than we said.
 * Code 0x1B is left out: it is the escape to the extension table, so no text can carry it as a character.
 */
const BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Each of these travels as ESC plus a septet. */
const EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncoding, { single: number; concatenated: number }> = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
};

/** How an SMS carrier encodes `text` and how many segments (billed messages) it takes. */
export function smsSegments(text: string): { encoding: SmsEncoding; units: number; segments: number } {
  const characters = [...text];
  const encoding: SmsEncoding = characters.every((c) => BASIC.has(c) || EXTENSION.has(c)) ? 'GSM-7' : 'UCS-2';
  const widths = characters.map((c) => (encoding === 'UCS-2' ? c.length : EXTENSION.has(c) ? 2 : 1));
  const units = widths.reduce((sum, width) => sum + width, 0);
  const { single, concatenated } = LIMITS[encoding];
  if (units <= single) return { encoding, units, segments: 1 };
  // A segment never ends between an escape and its septet, or between the halves of a surrogate pair.
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > concatenated) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return { encoding, units, segments };
}
