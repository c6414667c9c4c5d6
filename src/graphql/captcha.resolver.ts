import { Query, Resolver } from 'type-graphql';
import type { Captcha, CaptchaProvider } from '../abuse/captcha/captcha';
import { CaptchaChallengeType, CaptchaProviderName } from './captcha.types';

const NAMES: Record<CaptchaProvider, CaptchaProviderName> = {
  altcha: CaptchaProviderName.ALTCHA,
  turnstile: CaptchaProviderName.TURNSTILE,
  hcaptcha: CaptchaProviderName.HCAPTCHA,
};

@Resolver()
export class CaptchaResolver {
  /** `captcha` is absent with CAPTCHA_PROVIDER=off. */
  constructor(private readonly deps: { captcha?: Captcha }) {}

  @Query(() => CaptchaChallengeType, {
    nullable: true,
    description:
      'A fresh challenge to solve before sending a code again after CAPTCHA_REQUIRED; null when this deployment asks none.',
  })
  async captchaChallenge(): Promise<CaptchaChallengeType | null> {
    if (!this.deps.captcha) return null;
    const challenge = await this.deps.captcha.challenge();
    return challenge.provider === 'altcha'
      ? { provider: NAMES.altcha, challenge: challenge.challenge }
      : { provider: NAMES[challenge.provider], siteKey: challenge.siteKey };
  }
}
