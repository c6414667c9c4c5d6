import type { FraudGuard } from '../../abuse/fraud-guard/fraud-guard';
import type { Db } from '../../db/handles';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { maskPhone } from '../../shared/mask-phone';
import type { SmsTransport } from '../../sms/sms-transport';
import { spokenCode } from '../../sms/texts/code-sms';
import type { FallbackCode, CodeSeal } from './sealed-code';
import type { VerificationCodeStore } from './verification-code.store';

export interface CodeFallbackDeps {
  db: Db;
  codes: VerificationCodeStore;
  /** Where the call goes out: the same transport as the code's text. */
  sms: SmsTransport;
  seal: CodeSeal;
  /** The SMS guard: it prices the call, and lets it through as the follow-up of a code it allowed. */
  guard: Pick<FraudGuard, 'check' | 'notSent'>;
  /** Whether Twilio has reported a text undelivered already. */
  isUndelivered(sid: string): Promise<boolean>;
  clock: Clock;
  log: Logger;
}

/**
 * CODE_FALLBACK=call: a code whose text Twilio reports undelivered or failed is spoken by a call,
 * the same code, once, at once. No cooldown or sending limit applies: the person asked for one
 * code, and this is it arriving. The SMS guard counts and prices the call (a call costs more than a
 * text), judged as it judges a number verified before: its text was already allowed, so never held back.
 */
export class CodeFallback {
  constructor(private readonly deps: CodeFallbackDeps) {}

  /** What to keep with a code sent by SMS, for the call that may follow it. */
  seal(codeId: number, code: FallbackCode): string {
    return this.deps.seal.seal(codeId, code);
  }

  /** After the text's id is on the code: a receipt that came before it found no code, and is acted on now. */
  async catchUp(sid: string): Promise<void> {
    if (await this.deps.isUndelivered(sid)) await this.callInstead(sid);
  }

  /** Calls with the code of the text `sid`, if it is still open and no instance has called yet. */
  async callInstead(sid: string): Promise<void> {
    const claimed = await this.deps.codes.claimFallback(this.deps.db, sid, this.deps.clock());
    if (!claimed) return;
    const { code, to, locale } = this.deps.seal.open(claimed.id, claimed.sealed);
    const { words, language } = spokenCode(locale, code);
    const { ticket } = await this.deps.guard.check({ phone: to, channel: 'call', verifiedBefore: true });
    await this.deps.sms.send({ to, channel: 'call', body: words, language }).catch(async (error: unknown) => {
      if (ticket) await this.deps.guard.notSent(ticket);
      throw error;
    });
    this.deps.log.info({ to: maskPhone(to), sid }, 'a code whose text did not arrive was called instead');
  }
}
