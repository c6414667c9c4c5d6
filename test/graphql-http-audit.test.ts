import { serverAudits, type AuditResult } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/test-app';

/**
 * SHOULD and MAY audits this server knowingly fails, by audit id: what it answers instead, and why.
 * Each one is checked to still fail that way, so the list cannot go stale; the README lists them too.
 * A MUST can never be here.
 */
const KNOWN_DEVIATIONS: Record<string, { answers: number; why: string }> = {
  // GET without a preflight: Apollo's csrfPrevention needs `apollo-require-preflight` (or
  // `x-apollo-operation-name`) on a GET, since a bare GET is a "simple" cross-site request.
  '5A70': { answers: 400, why: 'GET without an apollo-require-preflight header is blocked by CSRF prevention' },
  D6D5: { answers: 400, why: 'GET without an apollo-require-preflight header is blocked by CSRF prevention' },
  '6A70': { answers: 400, why: 'GET without an apollo-require-preflight header is blocked by CSRF prevention' },
  // Apollo Server answers request errors with 400 whatever the Accept header, also for application/json.
  '572B': { answers: 400, why: 'Apollo answers a document parse error with 400, also when accepting application/json' },
  // The audit's `{ 8f31…}` is a parse error in graphql-js 16; a real validation error also gets 400.
  FDE2: {
    answers: 400,
    why: 'Apollo answers a document parse/validation error with 400, also when accepting application/json',
  },
  // The audit's document leaves $id unused, so it fails validation; a real coercion error also gets 400.
  '7B9B': {
    answers: 400,
    why: 'Apollo answers validation and variable-coercion errors with 400, also when accepting application/json',
  },
};

describe('GraphQL over HTTP audit (graphql-http serverAudits) against the real server', () => {
  const t = useTestApp();

  // Built at collection time, so each audit is its own test; the URL is read when an audit runs.
  const audits = serverAudits({ url: () => t.url, fetchFn: fetch });

  it('allow-lists only SHOULD/MAY audits that exist', () => {
    const byId = new Map(audits.map((audit) => [audit.id, audit.name]));
    for (const id of Object.keys(KNOWN_DEVIATIONS)) {
      expect(byId.has(id), `allow-listed audit ${id} is not one of graphql-http's audits`).toBe(true);
      expect(byId.get(id), `allow-listed audit ${id} is a MUST`).toMatch(/^(SHOULD|MAY) /);
    }
  });

  for (const audit of audits) {
    const deviation = KNOWN_DEVIATIONS[audit.id];
    const title = `${audit.id} ${audit.name}${deviation ? ` (known deviation: ${deviation.why})` : ''}`;
    it(title, async () => {
      const result = await audit.fn();
      if (deviation && !audit.name.startsWith('MUST ')) {
        expect(result.status, `${audit.id} passes now: remove it from KNOWN_DEVIATIONS and the README`).not.toBe('ok');
        if (result.status !== 'ok')
          expect(result.response.status, await describeFailure(result)).toBe(deviation.answers);
      } else {
        expect(result.status, await describeFailure(result)).toBe('ok');
      }
    });
  }
});

/** The audit's reason and what the server answered, for a failure message. */
async function describeFailure(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return 'ok';
  const { response } = result;
  const body = response.bodyUsed ? '(body already read by the audit)' : (await response.text()).slice(0, 500);
  return `${result.reason}: ${response.status} ${response.headers.get('content-type') ?? ''} ${body}`;
}
