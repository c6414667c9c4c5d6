import type { FakeReply } from './http-fake';
import { isE164, newSid, rfc2822, twilioError } from './twilio-error';

export interface PlacedCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  /** The inline TwiML the call runs. */
  twiml: string;
  statusCallback: string | null;
  createdAt: number;
}

/** What a call's <Say> verbs speak, in order, with the language each names. */
export function spokenBy(twiml: string): { language: string | null; text: string }[] {
  return [...twiml.matchAll(/<Say\b([^>]*)>([\s\S]*?)<\/Say>/g)].map(([, attributes, text]) => ({
    language: /\blanguage="([^"]*)"/.exec(attributes)?.[1] ?? null,
    text: unescapeXml(text),
  }));
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

// Twilio refuses a Twiml parameter longer than this.
const MAX_TWIML = 4000;

/** Twilio's Calls API (POST /2010-04-01/Accounts/{sid}/Calls.json) for one account: calls placed with inline TwiML. */
export class FakeCallsApi {
  readonly calls: PlacedCall[] = [];

  constructor(
    private readonly accountSid: string,
    private readonly now: () => number,
  ) {}

  create(form: Record<string, string>): FakeReply {
    const { To: to, From: from, Twiml: twiml, Url: url, ApplicationSid: applicationSid } = form;
    if (!to) return twilioError(21201, 400, "No 'To' number is specified");
    if (!from) return twilioError(21213, 400, "No 'From' number is specified");
    if (!isE164(to)) return twilioError(21211, 400, `The 'To' number ${to} is not a valid phone number.`);
    if (!isE164(from)) return twilioError(21212, 400, `The 'From' number ${from} is not a valid phone number.`);
    // This fake runs inline TwiML only; a Url or an application would need a server to fetch.
    if (!twiml && !url && !applicationSid) return twilioError(21200, 400, 'Url, Twiml or ApplicationSid is required.');
    if (!twiml) return twilioError(21200, 400, 'The Twilio fake places calls with inline Twiml only.');
    if (twiml.length > MAX_TWIML) return twilioError(21200, 400, 'Twiml is longer than 4000 characters.');
    const call: PlacedCall = {
      sid: newSid('CA'),
      accountSid: this.accountSid,
      to,
      from,
      twiml,
      statusCallback: form.StatusCallback ?? null,
      createdAt: this.now(),
    };
    this.calls.push(call);
    return { status: 201, body: callBody(call) };
  }

  reset() {
    this.calls.length = 0;
  }
}

/** The call resource as Twilio answers a create: queued, nothing known of its outcome yet. */
function callBody(call: PlacedCall) {
  const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}.json`;
  return {
    sid: call.sid,
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(call.createdAt),
    parent_call_sid: null,
    account_sid: call.accountSid,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: 'queued',
    start_time: null,
    end_time: null,
    duration: null,
    price: null,
    price_unit: 'USD',
    direction: 'outbound-api',
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri,
    subresource_uris: { notifications: uri.replace(/\.json$/, '/Notifications.json') },
  };
}
