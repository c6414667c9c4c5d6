import { SpentChallenge } from './abuse/captcha/spent-challenge.entity';
import { SmsGuardCount } from './abuse/fraud-guard/guard-count.entity';
import { RateLimitCounter } from './abuse/rate-limit-counter.entity';
import { AuditEventRow } from './audit/audit-event.entity';
import { WebhookEventRow } from './webhooks/webhook-event.entity';
import { CodeRequest } from './accounts/code-request.entity';
import { PhoneChange } from './accounts/phone-change.entity';
import { RecoveryCode } from './accounts/two-step/recovery-code.entity';
import { SignInChallenge } from './accounts/two-step/sign-in-challenge.entity';
import { TwoStep } from './accounts/two-step/two-step.entity';
import { User } from './users/user.entity';
import { Session } from './sessions/session.entity';
import { OutboxMessage } from './sms/outbox/outbox-message.entity';
import { QueuedSms } from './sms/queue/queued-sms.entity';
import { SmsDeliveryAttempt } from './sms/queue/sms-delivery-attempt.entity';
import { SmsDelivery } from './sms/receipts/sms-delivery.entity';
import { VerificationCode } from './verification/local/verification-code.entity';

/** Every table, for the ORM and for the migrations generated from them. */
export const entities = [
  User,
  Session,
  VerificationCode,
  OutboxMessage,
  QueuedSms,
  SmsDeliveryAttempt,
  RateLimitCounter,
  PhoneChange,
  CodeRequest,
  SmsGuardCount,
  SpentChallenge,
  SmsDelivery,
  AuditEventRow,
  WebhookEventRow,
  TwoStep,
  RecoveryCode,
  SignInChallenge,
];
