import { maskPhone } from '../shared/mask-phone';

/** Phone numbers with fixed codes, for app-store review and end-to-end tests (TEST_PHONE_NUMBERS). */
export interface TestNumbersSettings {
  /** E.164 number to its fixed code. */
  codes: ReadonlyMap<string, string>;
  /** After this moment they are ordinary numbers again. */
  until?: Date;
}

/**
 * Which numbers are test numbers right now. A test number gets its fixed code, and nothing goes
 * upstream for it: no Verify call, no SMS (the development outbox still records the text). It skips
 * the per-phone and global sending limits, since it costs nothing; everything else (the attempt
 * limit, the code's lifetime, the per-IP limits) holds as for any number.
 */
export class TestNumbers {
  constructor(private readonly settings: TestNumbersSettings) {}

  /** The fixed code of a test number, or undefined for any other number or after `until`. */
  codeFor(phoneNumber: string, now: Date): string | undefined {
    if (this.settings.until && now >= this.settings.until) return undefined;
    return this.settings.codes.get(phoneNumber);
  }

  isTestNumber(phoneNumber: string, now: Date): boolean {
    return this.codeFor(phoneNumber, now) !== undefined;
  }

  /** For the warning every start logs: masked, like every number in the logs; nothing once `until` has passed. */
  describe(now: Date): { numbers: string[]; until?: string } | undefined {
    if (this.settings.codes.size === 0 || (this.settings.until && now >= this.settings.until)) return undefined;
    return {
      numbers: [...this.settings.codes.keys()].map(maskPhone),
      until: this.settings.until?.toISOString().slice(0, 10),
    };
  }
}

/** `+15555550100=123456,+15555550101=654321`, optionally followed by `;until=2027-03-01`. */
export function parseTestNumbers(
  value: string,
): { ok: true; settings: TestNumbersSettings } | { ok: false; problem: string } {
  const [list, ...options] = value.split(';').map((part) => part.trim());
  let until: Date | undefined;
  for (const option of options) {
    const date = /^until=(\d{4}-\d{2}-\d{2})$/.exec(option)?.[1];
    if (!date || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      return { ok: false, problem: 'ends with ;until=YYYY-MM-DD, or nothing' };
    until = new Date(`${date}T00:00:00Z`);
  }
  const codes = new Map<string, string>();
  for (const entry of list
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [, number, code] = /^(\+[1-9]\d{6,14})=(\d{6})$/.exec(entry) ?? [];
    // Only the shape is quoted back: an entry may be a real number someone pasted.
    if (!number)
      return {
        ok: false,
        problem: 'must list E.164 numbers with 6-digit codes, as in +15555550100=123456,+15555550101=654321',
      };
    codes.set(number, code);
  }
  if (codes.size === 0) return { ok: false, problem: 'lists no number' };
  return { ok: true, settings: { codes, until } };
}
