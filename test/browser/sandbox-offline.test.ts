import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { useBrowser, watchForPageProblems } from './support/browser';
import { useWebApp } from './support/web-app';

/**
 * Apollo Sandbox is a script from Apollo's CDN. This machine has no network, as a developer on a
 * train has none: the page at /graphql must say why Sandbox is missing and where to go instead.
 */
describe('/graphql in a browser that cannot reach Apollo', () => {
  const web = useWebApp();
  const browser = useBrowser();

  it('explains that Sandbox loads from Apollo’s CDN and links to the web app and the outbox', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(web.graphqlUrl);

    const help = page.getByRole('main');
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.innerText()).toMatch(/Apollo Sandbox loads from Apollo’s CDN/);
    // Faded in after a second, so that it does not flash where Sandbox does load: wait until it shows.
    await expect
      .poll(() => help.evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).opacity), {
        timeout: 5_000,
      })
      .toBe('1');
    const webApp = page.getByRole('link', { name: 'the web app' });
    const outbox = page.getByRole('link', { name: 'the SMS outbox' });
    expect(await webApp.isVisible()).toBe(true);
    expect(await outbox.isVisible()).toBe(true);
    expect(await outbox.getAttribute('href')).toBe('/dev/outbox');
    await browser.screenshot(page, 'sandbox-offline');
    await expectAccessible(page, 'the offline Sandbox page');
    // The CDN's script fails to load; nothing else may go wrong, and the page's own policy holds.
    expect(problems).toEqual([]);

    await webApp.click();
    await page.waitForURL(`${web.origin}/`);
    expect(await page.locator('#root').count()).toBe(1);
  });
});
