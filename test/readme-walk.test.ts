import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands } from './support/readme-commands';
import { startServer, type ServerProcess } from './support/server-process';

const run = promisify(execFile);
const README = join(__dirname, '..', 'README.md');
const WALK = ['Walk the flow with curl', 'The account after signup, with curl'];
/** The README's stand-in for the code a person reads off the phone. */
const PLACEHOLDER = '123456';

type Answer = { data?: Record<string, unknown> | null; errors?: unknown[] };

/** Every `errors` list in an answer, the top-level one and each payload's, flattened. */
function errorsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(errorsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'errors' && Array.isArray(inner) ? [...inner, ...errorsIn(inner)] : errorsIn(inner),
  );
}

const digits = (phone: unknown) => String(phone).replace(/\D/g, '');

describe("the README's curl steps, pasted in order into a shell", () => {
  // The shell's working directory, where `jar` lands, and the server's data, as after `npm start`.
  const dir = mkdtempSync(join(tmpdir(), 'avg-readme-'));
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: `sqlite:${join(dir, 'data', 'app.sqlite')}` });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const shell = async (command: string) =>
    (await run('sh', ['-c', command.replaceAll('http://localhost:4000', new URL(server.url).origin)], { cwd: dir }))
      .stdout;
  /** Who the cookie in `jar` signs in, asked outside the README's steps. */
  const me = async () => {
    const query = JSON.stringify({ query: '{ me { email phoneNumber } }' });
    const args = ['-s', '-b', 'jar', server.url, '-H', 'content-type: application/json', '-d', query];
    const { stdout } = await run('curl', args, { cwd: dir });
    return (JSON.parse(stdout) as { data: { me: { email: string; phoneNumber: string } | null } }).data.me;
  };

  /**
   * Reads the outbox as the README's command does until its newest message holds a code not used
   * yet: a code is sent just after the answer that promises it, a moment before a person could look.
   */
  const readNewCode = async (command: string, used: Set<string>) => {
    for (const deadline = Date.now() + 3_000; Date.now() < deadline; await sleep(100)) {
      const messages = JSON.parse(await shell(command)) as { body: string }[];
      const code = /\b(\d{6})\b/.exec(messages[0]?.body ?? '')?.[1];
      if (code && !used.has(code)) return code;
    }
    return undefined;
  };

  it('answers every step without errors, and does what the prose says', { timeout: 30_000 }, async () => {
    const commands = readmeCommands(readFileSync(README, 'utf8'), WALK);
    expect(commands.length).toBeGreaterThan(0);
    const used = new Set<string>();
    let code: string | undefined;
    let phone: string | undefined;
    let codeRead = '';

    for (const command of commands) {
      expect(command, 'each step is one curl command').toMatch(/^curl /);
      const outboxTo = /\/dev\/outbox\?to=([^'"\s&]+)/.exec(command)?.[1];
      if (outboxTo) {
        phone = outboxTo;
        codeRead = command;
        code = await readNewCode(command, used);
        continue;
      }
      if (command.includes(PLACEHOLDER)) {
        expect(code, `the code arrives: no new code in the answer to \`${codeRead}\`, for\n${command}`).toBeDefined();
        used.add(code!);
      }
      const answer = JSON.parse(await shell(command.replaceAll(PLACEHOLDER, code ?? PLACEHOLDER))) as Answer;
      expect(errorsIn(answer), command).toEqual([]);
      expect(answer.data, command).toBeTruthy();

      const operations = Object.keys(answer.data!);
      if (operations.includes('verifyUser') || operations.includes('resetPassword'))
        expect(await me(), `signed in after ${operations[0]}`).not.toBeNull();
      if (operations.includes('confirmPhoneChange'))
        expect(digits((await me())?.phoneNumber), 'the phone changes').toBe(digits(phone));
      if (operations.includes('deleteAccount')) {
        expect(answer.data!.deleteAccount).toMatchObject({ deleted: true });
        expect(await me(), 'no session survives the account').toBeNull();
      }
    }

    // Deleted: the walk's last sign-in is refused now, and the texts to the last number read are gone.
    const signIn = commands.filter((command) => command.includes('login(')).at(-1)!;
    const refused = JSON.parse(await shell(signIn)) as Answer;
    expect(errorsIn(refused)).not.toEqual([]);
    expect(JSON.parse(await shell(codeRead))).toEqual([]);
  });
});
