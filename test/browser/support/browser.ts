import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** Debian's Chromium (the `chromium` package); .ci/run installs it. No browser is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless on a machine with no network, GPU or user namespaces: nothing phones home or updates itself. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Screenshots for people to look at; gitignored. */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts', 'browser');

export interface TestBrowser {
  /** A page in a context of its own: no cookies or storage shared with other pages. `options` set a user agent, say. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
}

/**
 * One Chromium per test file, a fresh context per page, all closed after the file. launch() runs
 * Chromium on a new, empty profile (a user-data-dir Playwright makes in the temp folder and deletes).
 */
export function useBrowser(): TestBrowser {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: { width: 760, height: 900 }, ...options });
      // Within the test's own 20 s, so a missing element fails naming what was waited for.
      context.setDefaultTimeout(8_000);
      contexts.push(context);
      return context.newPage();
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
  };
}

/** The text tied to an input with aria-describedby: its hint and its error, as a screen reader reads them. */
export async function descriptionOf(input: Locator): Promise<string> {
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ').filter(Boolean) ?? [];
  const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

/** Messages the page logged about its Content-Security-Policy, and scripts that threw. */
export function watchForPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/**
 * Waits a moment for `locator` to have the keyboard focus; fails naming what has it instead. Polls
 * from here, not in the page, whose timers a test may have paused (page.clock).
 */
export async function expectFocus(locator: Locator): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!(await locator.evaluate((element) => element === element.ownerDocument.activeElement))) {
    if (Date.now() > deadline) {
      const actual = await locator.evaluate((element) => {
        const focused = element.ownerDocument.activeElement;
        if (!focused || focused === element.ownerDocument.body) return 'the page body';
        const name = focused.getAttribute('name') ?? focused.getAttribute('aria-label') ?? focused.textContent;
        return `<${focused.tagName.toLowerCase()}> "${name?.slice(0, 60)}"`;
      });
      expect.fail(`expected ${locator} to have the focus, but ${actual} has it`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The body of every answer from /graphql that the page gets, to be awaited once the page is done
 * (and before a reload: Chromium drops the body of an answer once its page navigated away). An
 * answer still arriving when the page reloads is one the page never read: it is left out.
 */
export function recordGraphQLAnswers(page: Page): () => Promise<string[]> {
  const bodies: Promise<string | null>[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/graphql') bodies.push(response.text().catch(() => null));
  });
  return async () => (await Promise.all(bodies)).filter((body): body is string => body !== null);
}

/**
 * The page's clock and the server's, moving together as on any device that keeps time: the page's
 * paused a second after the server's now, so a countdown starts whole. Returns how to move both.
 */
export async function withServerClock(
  page: Page,
  server: { clock: () => Date; advance(ms: number): void },
): Promise<(ms: number) => Promise<void>> {
  await page.clock.install({ time: server.clock() });
  server.advance(1_000);
  await page.clock.pauseAt(server.clock());
  return async (ms: number) => {
    server.advance(ms);
    await page.clock.runFor(ms);
  };
}

/** Boxes wider than their own width (the page as a whole, each card, list and message in it): "tag: scroll > client". */
export function overflowingBoxes(page: Page): Promise<string[]> {
  return page
    .locator('html, main, section, form, dl, dd, ul, li, .alert, .notice')
    .evaluateAll((elements) =>
      elements
        .filter((element) => element.scrollWidth > element.clientWidth)
        .map((element) => `${element.tagName.toLowerCase()}: ${element.scrollWidth} > ${element.clientWidth}`),
    );
}
