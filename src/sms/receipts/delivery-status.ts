import type { CodeChannel } from '../channels';

/**
 * How far each status Twilio reports has come. Receipts may arrive twice and out of order (a
 * `sent` after `delivered`); one of lower or equal rank is older news and changes nothing, so of
 * two final statuses the first to arrive stands.
 */
const MESSAGE_RANKS: Record<string, number> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  // WhatsApp says when the message was read, after it was delivered.
  read: 5,
};
const CALL_RANKS: Record<string, number> = {
  queued: 1,
  initiated: 2,
  ringing: 3,
  'in-progress': 4,
  completed: 5,
  busy: 5,
  'no-answer': 5,
  failed: 5,
  canceled: 5,
};

export const REACHED = ['delivered', 'read', 'completed'];
export const MISSED = ['undelivered', 'failed', 'busy', 'no-answer', 'canceled'];

/** The rank of a status of a message or call on `channel`, or undefined for one this server does not know. */
export function rankOf(channel: CodeChannel, status: string): number | undefined {
  const ranks = channel === 'call' ? CALL_RANKS : MESSAGE_RANKS;
  return Object.hasOwn(ranks, status) ? ranks[status] : undefined;
}

/** A text that will not arrive: what a fallback call answers. */
export const isUndeliveredText = (channel: CodeChannel, status: string) =>
  channel === 'sms' && (status === 'undelivered' || status === 'failed');

/** One status callback, as Twilio posts it for a message or a call. */
export interface Receipt {
  sid: string;
  channel: CodeChannel;
  status: string;
  rank: number;
  errorCode: number | null;
  /** E.164, without the whatsapp: prefix. */
  to: string;
}

/** The receipt in Twilio's form parameters, or undefined when they name nothing this server sent or a status it does not know. */
export function parseReceipt(params: Record<string, string>): Receipt | undefined {
  const call = params.CallSid !== undefined;
  const sid = call ? params.CallSid : (params.MessageSid ?? params.SmsSid);
  const status = call ? params.CallStatus : (params.MessageStatus ?? params.SmsStatus);
  const rawTo = params.To ?? '';
  const channel: CodeChannel = call ? 'call' : rawTo.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
  if (!sid || !/^(SM|MM|CA)[0-9a-f]{32}$/i.test(sid) || !status) return undefined;
  const rank = rankOf(channel, status);
  if (rank === undefined) return undefined;
  const errorCode = /^\d{1,9}$/.test(params.ErrorCode ?? '') ? Number(params.ErrorCode) : null;
  return { sid, channel, status, rank, errorCode, to: rawTo.replace(/^whatsapp:/, '') };
}
