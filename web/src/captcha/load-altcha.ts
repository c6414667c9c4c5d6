let loading: Promise<void> | undefined;

/**
 * The ALTCHA widget, fetched the first time a send needs it. Its "external" build keeps its styles
 * in a stylesheet and its proof-of-work worker in a file of its own, both from this origin, so the
 * page's Content-Security-Policy needs no inline style, no blob: worker and no other host.
 */
export function loadAltcha(): Promise<void> {
  loading ??= (async () => {
    const [, , worker] = await Promise.all([
      import('altcha/external'),
      import('altcha/altcha.css'),
      import('altcha/workers/pbkdf2?worker'),
    ]);
    // The server's challenges ask for PBKDF2-SHA-256 (src/abuse/captcha/altcha.captcha.ts).
    globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new worker.default());
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
