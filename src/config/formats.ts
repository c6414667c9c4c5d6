import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PriceTable } from '../abuse/fraud-guard/prices';
import type { Limit } from '../abuse/rate-limiter';
import { isCountryCode } from '../accounts/phone-policy';

export const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const sid = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${what} (${prefix} followed by 32 hex digits)`);

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080' });

export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164, such as +14155550100');

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `5/1h` is five per hour, `1/30s` one per 30 seconds; `off` turns the limit off. */
export const limit = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx): Limit | undefined => {
      if (value === 'off') return undefined;
      const [, max, amount, unit] = /^(\d+)\/(\d+)([smhd])$/.exec(value) ?? [];
      if (!unit) {
        ctx.addIssue({
          code: 'custom',
          message: 'must look like 5/1h or 1/30s (count/window, in s, m, h or d), or off',
        });
        return z.NEVER;
      }
      return { name, max: Number(max), windowMs: Number(amount) * UNITS[unit as keyof typeof UNITS] };
    });

/** A comma- or space-separated list, each item upper-cased and checked by `known`. */
export const list = <T extends string>(known: (item: string) => item is T, what: string) =>
  z.string().transform((value, ctx): T[] => {
    const items = value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((item) => item.toUpperCase());
    const unknown = items.filter((item) => !known(item));
    if (unknown.length > 0 || items.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: `must list ${what}${unknown.length > 0 ? `; not one: ${unknown.join(', ')}` : ''}`,
      });
    return items as T[];
  });

/** Exact origins only: a browser compares Origin to Access-Control-Allow-Origin character for character. */
export const origins = z.string().transform((value, ctx) => {
  const list = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    const problem = originProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }
  return list;
});

function originProblem(entry: string): string | undefined {
  if (entry === '*') {
    return '* is refused: responses allow credentials (the session cookie), and browsers never send those to a wildcard; list exact origins such as http://localhost:5173';
  }
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `${entry} is not an origin such as https://app.example.com`;
  }
  if (!/^https?:$/.test(url.protocol)) return `${entry} must be an http(s) origin`;
  if (url.origin !== entry)
    return `${entry} must be an exact origin: scheme, host and port, no path or trailing slash (did you mean ${url.origin}?)`;
  return undefined;
}

/** `50` or `12.5` in the price table's currency; `off` for no cap. */
export const moneyOrOff = z.string().transform((value, ctx): number | undefined => {
  if (value === 'off') return undefined;
  const amount = Number(value);
  if (/^\d+(\.\d+)?$/.test(value) && amount > 0) return amount;
  ctx.addIssue({
    code: 'custom',
    message: "must be an amount in the price table's currency, such as 50 or 12.5, or off",
  });
  return z.NEVER;
});

const PRICE = 'must be a price of 0 or more';
const amount = z.number({ error: (issue) => (issue.input === undefined ? 'is missing' : PRICE) }).nonnegative(PRICE);
const allChannels = z.strictObject({ sms: amount, call: amount, whatsapp: amount });
const PriceFile = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD or EUR'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be the prices' date, YYYY-MM-DD"),
  default: allChannels,
  countries: z
    .record(z.string(), allChannels.partial())
    .default({})
    .superRefine((countries, ctx) => {
      for (const code of Object.keys(countries))
        if (!isCountryCode(code))
          ctx.addIssue({ code: 'custom', path: [code], message: 'must be an ISO 3166 country code such as GB' });
    }),
});

/**
 * A JSON file of prices, read and checked once at start: `{ "currency": "EUR", "date":
 * "2026-12-01", "default": { "sms": 0.3, "call": 0.2, "whatsapp": 0.06 }, "countries": { "GB":
 * { "sms": 0.04 } } }`. A country's missing channel costs the default's.
 */
export const priceTableFile = z.string().transform((path, ctx): PriceTable => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`${path} is not JSON`);
  }
  const parsed = PriceFile.safeParse(json);
  if (!parsed.success)
    return fail(
      `${path}: ${parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || 'the file'} ${issue.message}`)
        .join('; ')}`,
    );
  const { currency, date, default: fallback, countries } = parsed.data;
  return { currency, date, fallback, countries };
});
