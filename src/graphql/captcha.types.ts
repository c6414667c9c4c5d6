import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum CaptchaProviderName {
  ALTCHA = 'altcha',
  TURNSTILE = 'turnstile',
  HCAPTCHA = 'hcaptcha',
}

registerEnumType(CaptchaProviderName, {
  name: 'CaptchaProvider',
  description: 'Whose challenge to show: ALTCHA (self-hosted proof of work), Cloudflare Turnstile or hCaptcha.',
});

/** The `captcha` field of every input that sends a code. */
export const CAPTCHA_FIELD = {
  nullable: true,
  description:
    "The widget's answer to captchaChallenge, after a send answered CAPTCHA_REQUIRED. Each answer is taken once.",
} as const;

@ObjectType('CaptchaChallenge', {
  simpleResolvers: true,
  description: 'What a page needs to show the challenge a code may need (CAPTCHA_REQUIRED).',
})
export class CaptchaChallengeType {
  @Field(() => CaptchaProviderName)
  provider!: CaptchaProviderName;

  @Field(() => String, { nullable: true, description: "ALTCHA: the challenge, as JSON for the widget's `challenge`." })
  challenge?: string | null;

  @Field(() => String, { nullable: true, description: 'Turnstile and hCaptcha: the site key their widget needs.' })
  siteKey?: string | null;
}
