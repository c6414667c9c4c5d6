import { errors, type Client } from 'authy-client';
import parseAuthyResponse from 'authy-client/dist/src/parsers/response-parser';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import type { Logger } from '../../shared/logger';
import { ChannelNotOfferedError } from '../code-channels';
import type {
  CheckFailure,
  CheckOutcome,
  CodeChannel,
  StartFailure,
  StartOutcome,
  VerificationProvider,
  VerificationSubject,
} from '../verification-provider';

const START_FAILURES: Record<string, StartFailure> = { '60027': 'INVALID_PHONE', '60003': 'RATE_LIMITED' };
const CHECK_FAILURES: Record<string, CheckFailure> = { '60020': 'INVALID_CODE', '60003': 'RATE_LIMITED' };

export interface AuthyProviderDeps {
  client: Client;
  log: Logger;
}

/** The tutorial's Authy API: Authy keeps its own user, whose id we keep on ours. */
export class AuthyProvider implements VerificationProvider {
  readonly name = 'authy';

  constructor(private readonly deps: AuthyProviderDeps) {}

  /** By SMS or by a call that speaks the token; Authy has no WhatsApp, so that is refused before anything is sent. */
  async start(subject: VerificationSubject, channel: CodeChannel = 'sms'): Promise<StartOutcome> {
    if (channel === 'whatsapp')
      throw new ChannelNotOfferedError(channel, 'Authy texts and calls, and sends nothing by WhatsApp');
    try {
      return { ok: true, authyId: await this.sendToken(subject, channel) };
    } catch (error) {
      // authy-client checks the phone itself before calling Authy.
      if (error instanceof errors.ValidationFailedError) return { ok: false, reason: 'INVALID_PHONE' };
      return { ok: false, reason: START_FAILURES[authyErrorCode(error)] ?? this.outage(error, 'start') };
    }
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    if (!subject.authyId) return { ok: false, reason: 'CODE_EXPIRED' };
    try {
      await this.deps.client.verifyToken({ authyId: subject.authyId, token: code }, { force: true });
      return { ok: true };
    } catch (error) {
      // Authy tokens are 6-8 digits; authy-client refuses other lengths before sending.
      if (error instanceof errors.ValidationFailedError) return { ok: false, reason: 'INVALID_CODE' };
      // No code of a user Authy has forgotten can be right; a new one registers them again (start).
      if (isUnknownUser(error)) return { ok: false, reason: 'CODE_EXPIRED' };
      return { ok: false, reason: CHECK_FAILURES[authyErrorCode(error)] ?? this.outage(error, 'check') };
    }
  }

  /** Removes the person's Authy user, when their account is deleted or their number changed. */
  async forget(authyId: number): Promise<void> {
    await this.deps.client.deleteUser({ authyId });
  }

  /**
   * Texts or calls a token to the person's Authy user, registering one first if we hold no id. An
   * id Authy no longer knows (the user was deleted in its console, or the application key changed)
   * is registered afresh instead of failing every resend; the caller keeps the id returned.
   */
  private async sendToken(subject: VerificationSubject, route: 'sms' | 'call'): Promise<number> {
    const send = (authyId: number) => requestToken(this.deps.client, route, authyId, subject.locale);
    const known = subject.authyId;
    if (known !== undefined && known !== null) {
      try {
        await send(known);
        return known;
      } catch (error) {
        if (!isUnknownUser(error)) throw error;
        this.deps.log.warn(
          { provider: this.name, authyId: known },
          'Authy no longer knows this user; registering again',
        );
      }
    }
    const authyId = await this.registerAuthyUser(subject);
    await send(authyId);
    return authyId;
  }

  /** Authy wants the calling code and the national number apart; ours are E.164, checked at signup. */
  private async registerAuthyUser(subject: VerificationSubject): Promise<number> {
    const phone = parsePhoneNumber(subject.phoneNumber);
    const { user } = await this.deps.client.registerUser({
      countryCode: phone.countryCallingCode,
      phone: phone.nationalNumber,
      email: subject.email,
    });
    return user.id;
  }

  private outage(error: unknown, step: string): 'DELIVERY_FAILED' {
    this.deps.log.error({ err: error, provider: this.name, step }, 'Authy failed');
    return 'DELIVERY_FAILED';
  }
}

/**
 * Texts a token, or has a call speak it, in the person's language. authy-client 1.1.4's
 * requestSms() and requestCall() pass on only `action`, `message` and `force`, though Authy's sms
 * and call endpoints take `locale` as well, so this call goes through the client's own request
 * client and response parser, which throw its HttpError as they would. `force`: without it Authy
 * skips the text or call for people who have its app.
 */
export async function requestToken(
  client: Client,
  route: 'sms' | 'call',
  authyId: number,
  locale: string,
): Promise<void> {
  parseAuthyResponse(
    await client.rpc.getAsync({ qs: { force: true, locale }, uri: `${route}/${encodeURIComponent(String(authyId))}` }),
  );
}

/** Authy's answer for an id it does not know: a 404 with no error code, only this message. */
function isUnknownUser(error: unknown): boolean {
  return error instanceof errors.HttpError && error.code === 404 && /user not found/i.test(error.message);
}

function authyErrorCode(error: unknown): string {
  const body = error instanceof errors.HttpError ? error.body : undefined;
  return typeof body === 'object' && body?.error_code ? String(body.error_code) : '';
}
