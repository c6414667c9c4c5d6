import { loadScript } from './load-script';

/** Turnstile's and hCaptcha's explicit rendering: the same call, on their own global. */
interface HostedApi {
  render(
    element: HTMLElement,
    options: { sitekey: string; callback: (token: string) => void; 'expired-callback': () => void },
  ): unknown;
}

const HOSTED = {
  TURNSTILE: { src: 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit', global: 'turnstile' },
  HCAPTCHA: { src: 'https://js.hcaptcha.com/1/api.js?render=explicit', global: 'hcaptcha' },
} as const;

/** Renders the provider's widget into `host`; `onAnswer` gets its token, or undefined once it expires. */
export async function renderHosted(
  provider: keyof typeof HOSTED,
  host: HTMLElement,
  siteKey: string,
  onAnswer: (answer: string | undefined) => void,
): Promise<void> {
  const { src, global } = HOSTED[provider];
  await loadScript(src);
  const api = (window as unknown as Record<string, HostedApi | undefined>)[global];
  if (!api) throw new Error(`${provider} did not load`);
  api.render(host, { sitekey: siteKey, callback: onAnswer, 'expired-callback': () => onAnswer(undefined) });
}
