import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's WCAG checks on the page as it stands: each finding as "rule: what is wrong (where)".
 * axe runs in a world of its own beside the page's scripts, sharing only the DOM: a script tag would
 * be inline code, which the pages' Content-Security-Policy rightly refuses, and in the page's own
 * world axe would wait on timers that a test may have paused (page.clock).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'axe',
    });
    await cdp.send('Runtime.evaluate', { expression: AXE_SOURCE, contextId });
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: 'axe.run(document).then((results) => results.violations)',
      contextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`axe did not run: ${exceptionDetails.text}`);
    return (result.value as AxeViolation[]).map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  } finally {
    await cdp.detach();
  }
}

/** No axe violation in this state of the page; `state` names it in the failure. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await axeViolations(page), state).toEqual([]);
}
