import { promtoolCheckMetrics } from './support/promtool';
import { describe, expect, it } from 'vitest';
import {
  LoginDocument,
  MeDocument,
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { fakeClock } from './support/clock';
import { refuseInserts } from './support/database-faults';
import { FaultySms } from './support/faulty-sms';
import { postGraphQL } from './support/http-client';
import { captureLogs } from './support/log-capture';
import { aPerson, startTestApp, useTestApp } from './support/test-app';

/** A scrape, as Prometheus reads it: `name{label="value",…}` to its value. */
async function scrape(metricsUrl: string | undefined): Promise<{ text: string; value: (series: string) => number }> {
  expect(metricsUrl).toBeDefined();
  const response = await fetch(metricsUrl!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { text, value: (series) => values.get(series) ?? 0 };
}

describe('metrics, as a flow runs', () => {
  const time = fakeClock();
  const sms = new FaultySms();
  // Retries an hour apart: the poller cannot deliver the failed confirmation while the test looks at the queue.
  // The SMS guard on, as by default, so its series are scraped and checked too.
  const t = useTestApp(
    { METRICS_PORT: '0', RATE_LIMIT_RESEND_IP: '1/1h', SMS_RETRY_BASE_MS: '3600000', FRAUD_GUARD: 'enforce' },
    { clock: time.clock, wrapSms: sms.wrap },
  );

  it('serves Prometheus text on a listener of its own', async () => {
    expect(t.metricsUrl).toMatch(/^http:\/\/localhost:\d+\/metrics$/);
    expect(new URL(t.metricsUrl!).port).not.toBe(new URL(t.url).port);
    expect((await fetch(new URL('/metrics', t.url))).status).toBe(404);
    expect((await fetch(new URL('/other', t.metricsUrl!))).status).toBe(404);
    const { value } = await scrape(t.metricsUrl);
    // prom-client's default process and Node.js metrics.
    expect(value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('moves every listed series, and no label holds an email, a phone, an IP or a token', async () => {
    const person = aPerson();
    const phone = `+1${person.phoneNumber}`;
    const before = await scrape(t.metricsUrl);

    expect((await postGraphQL(t.url, RegisterUserDocument, { input: person })).data.registerUser.errors).toEqual([]);
    const wrong = await postGraphQL(t.url, VerifyUserDocument, { input: { email: person.email, code: '000000' } });
    expect(wrong.data.verifyUser.errors.map((e) => e.code)).toEqual(['INVALID_CODE']);
    // The confirmation's first attempt fails: it waits in the queue, and ages there.
    sms.failNext('unavailable');
    const verified = await postGraphQL(t.url, VerifyUserDocument, {
      input: { email: person.email, code: await t.latestCode(phone) },
    });
    const token = verified.data.verifyUser.session!.token;
    time.advance(60_000);
    const queued = await scrape(t.metricsUrl);
    expect(queued.value('sms_queue_pending')).toBe(1);
    expect(queued.value('sms_queue_oldest_pending_seconds')).toBe(60);
    time.advance(3_600_000);
    await t.app.smsQueue.deliverDue();

    expect((await postGraphQL(t.url, MeDocument, {}, { authorization: `Bearer ${token}` })).data.me?.email).toBe(
      person.email,
    );
    await postGraphQL(t.url, ResendCodeDocument, { input: { email: person.email } });
    const refused = await postGraphQL(t.url, ResendCodeDocument, { input: { email: person.email } });
    expect(refused.data.resendCode.errors.map((e) => e.code)).toEqual(['RATE_LIMITED']);
    // An unexpected failure: the session cannot be stored.
    const restore = await refuseInserts(t.app.database.db, 'sessions');
    const failed = await postGraphQL(t.url, LoginDocument, {
      input: { email: person.email, password: person.password },
    });
    await restore();
    expect(failed.body.errors?.[0].message).toBe('Internal server error');

    const after = await scrape(t.metricsUrl);
    const moved = (series: string) => after.value(series) - before.value(series);
    expect(moved('http_requests_total{route="/graphql",status="200"}')).toBe(7);
    expect(moved('http_request_duration_seconds_count{route="/graphql"}')).toBe(7);
    expect(moved('graphql_operations_total{operation="registerUser",outcome="ok"}')).toBe(1);
    expect(moved('graphql_operations_total{operation="verifyUser",outcome="INVALID_CODE"}')).toBe(1);
    expect(moved('graphql_operations_total{operation="verifyUser",outcome="ok"}')).toBe(1);
    expect(moved('graphql_operations_total{operation="me",outcome="ok"}')).toBe(1);
    expect(moved('graphql_operations_total{operation="resendCode",outcome="RATE_LIMITED"}')).toBe(1);
    expect(moved('graphql_operations_total{operation="login",outcome="error"}')).toBe(1);
    expect(moved('verification_starts_total{provider="local",result="ok"}')).toBe(1);
    expect(moved('verification_checks_total{provider="local",result="INVALID_CODE"}')).toBe(1);
    expect(moved('verification_checks_total{provider="local",result="ok"}')).toBe(1);
    expect(moved('sms_messages_total{transport="outbox",kind="code",result="sent"}')).toBe(1);
    expect(moved('sms_messages_total{transport="outbox",kind="confirmation",result="failed"}')).toBe(1);
    expect(moved('sms_messages_total{transport="outbox",kind="confirmation",result="sent"}')).toBe(1);
    expect(moved('rate_limit_refusals_total{limit="resend-ip"}')).toBe(1);
    expect(moved('sms_guard_decisions_total{decision="allowed",reason="within-budget"}')).toBe(1);
    expect(moved('sms_spend_total{currency="USD"}')).toBeCloseTo(0.0083);
    expect(after.value('verification_conversion_ratio{country="US"}')).toBe(1);
    // A signup hashes once and a login checks once, each after waiting for its slot (here, none).
    expect(moved('password_hash_wait_seconds_count')).toBe(2);
    expect(after.value('sms_queue_pending')).toBe(0);
    expect(after.value('sms_queue_oldest_pending_seconds')).toBe(0);

    for (const secret of [person.email, phone, person.phoneNumber, token, '127.0.0.1', person.password])
      expect(after.text).not.toContain(secret);
  });

  // After the flow above, so that every labelled series and histogram has samples to check.
  it('passes promtool check metrics with no problem reported', async () => {
    const { text } = await scrape(t.metricsUrl);
    const checked = await promtoolCheckMetrics(text);
    expect(checked).toEqual({ exitCode: 0, output: '' });
  });
});

describe('metrics are off unless METRICS_PORT is set', () => {
  it('records nothing and opens no listener', async () => {
    const t = await startTestApp();
    try {
      expect(t.metricsUrl).toBeUndefined();
      expect(t.app.metrics.enabled).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('the request log', () => {
  it('writes one info line per request: method, route, status, duration, request id and the operation name', async () => {
    const logs = captureLogs();
    const t = await startTestApp({}, { logger: logs.logger });
    try {
      const named = await postGraphQL(t.url, MeDocument, {});
      await fetch(new URL('/healthz', t.url));
      await fetch(new URL('/nowhere/ada@example.com', t.url));
      await t.app.close();
      const lines = logs.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request');
      expect(lines).toEqual([
        {
          level: 30,
          time: expect.any(Number),
          msg: 'request',
          method: 'POST',
          route: '/graphql',
          status: 200,
          durationMs: expect.any(Number),
          requestId: named.response.headers.get('x-request-id'),
          operation: 'Me',
        },
        {
          level: 30,
          time: expect.any(Number),
          msg: 'request',
          method: 'GET',
          route: '/healthz',
          status: 200,
          durationMs: expect.any(Number),
          requestId: expect.any(String),
        },
        {
          level: 30,
          time: expect.any(Number),
          msg: 'request',
          method: 'GET',
          route: 'unmatched',
          status: 404,
          durationMs: expect.any(Number),
          requestId: expect.any(String),
        },
      ]);
    } finally {
      await t.close();
    }
  });

  it('is off at LOG_LEVEL=warn', async () => {
    const logs = captureLogs('warn');
    const t = await startTestApp({}, { logger: logs.logger });
    try {
      await postGraphQL(t.url, MeDocument, {});
      await t.app.close();
      expect(logs.lines.filter((line) => line.includes('"msg":"request"'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('a subscription, which the schema has none of', () => {
  const logs = captureLogs();
  const t = useTestApp({ METRICS_PORT: '0' }, { logger: logs.logger });

  it('is refused as a client error with a code, logged at no error level, and counted as refused', async () => {
    const before = await scrape(t.metricsUrl);
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'subscription Watch { me { id } }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'This server runs queries and mutations, not subscription operations.',
          locations: [{ line: 1, column: 1 }],
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    expect(logs.lines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50)).toEqual([]);
    const after = await scrape(t.metricsUrl);
    const moved = (series: string) => after.value(series) - before.value(series);
    expect(moved('graphql_operations_total{operation="subscription",outcome="BAD_REQUEST"}')).toBe(1);
    expect(moved('http_requests_total{route="/graphql",status="400"}')).toBe(1);
    // The client names a subscription's fields: none of them becomes a label.
    expect(after.text).not.toMatch(/operation="me"/);
  });
});
