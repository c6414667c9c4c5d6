/** Keeps the calling-code start and the last two digits: enough to tell numbers apart in logs. */
export function maskPhone(e164: string): string {
  return e164.slice(0, 3) + '*'.repeat(Math.max(0, e164.length - 5)) + e164.slice(-2);
}
