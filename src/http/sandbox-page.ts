/** Where a developer can go from /graphql without Apollo's CDN: the pages this server serves. */
export interface SandboxLinks {
  webApp: boolean;
  outbox: boolean;
}

/** Apollo's own fallback text, shown while its CDN script has not drawn Sandbox over it. */
const APOLLO_FALLBACK = /<div class="fallback">[\s\S]*?<\/div>/;
const NONCE = /nonce="?([0-9a-f]+)"?/;

function placesToGo(links: SandboxLinks): string[] {
  return [
    links.webApp && '<li><a href="/">the web app</a></li>',
    links.outbox && '<li><a href="/dev/outbox">the SMS outbox</a>, the codes sent in development</li>',
  ].filter((place): place is string => !!place);
}

/**
 * What a browser that opens /graphql gets where Sandbox is off (production): what the address is,
 * instead of Apollo's JSON refusal of a GET without a query, which reads as an attack on the user.
 */
export function apiPage(links: SandboxLinks): string {
  const places = placesToGo(links);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphQL API</title></head>
<body>
<main>
  <h1>GraphQL API</h1>
  <p>This is the GraphQL API: POST a GraphQL document as JSON to this address, as the clients do.</p>
  <p>Apollo Sandbox, the explorer a browser gets here in development, is off in production; an
  operator turns it on with <code>ENABLE_SANDBOX=true</code>.</p>
  ${places.length > 0 ? `<p>Open instead:</p>\n  <ul>\n    ${places.join('\n    ')}\n  </ul>` : ''}
</main>
</body>
</html>
`;
}

/**
 * Apollo's Sandbox page, with Apollo's "cannot be loaded" replaced by what to do without it. The
 * text sits under Sandbox's frame, so it shows only when the CDN script did not load; the empty
 * frame container is hidden then, so that the links can be clicked. The page keeps Apollo's
 * Content-Security-Policy: the style added carries the page's nonce.
 */
export function withOfflineHelp(html: string, links: SandboxLinks): string {
  const nonce = NONCE.exec(html)?.[1];
  if (!nonce || !APOLLO_FALLBACK.test(html)) return html;
  const places = placesToGo(links);
  const help = `<main class="fallback">
  <style nonce="${nonce}">
    #embeddableSandbox:empty { display: none; }
    .fallback { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 0 auto; padding: 2rem 1rem; }
    .fallback code { font-size: 0.9em; }
  </style>
  <h1>GraphQL API</h1>
  <p>Apollo Sandbox loads from Apollo’s CDN (<code>embeddable-sandbox.cdn.apollographql.com</code>), and
  this browser could not reach it: it may be offline, or the CDN blocked.</p>
  <p>The API answers here all the same: POST a GraphQL document as JSON to this address.</p>
  ${places.length > 0 ? `<p>Meanwhile, open:</p>\n  <ul>\n    ${places.join('\n    ')}\n  </ul>` : ''}
</main>`;
  // Without the CDN's script there is no EmbeddedSandbox to construct: no error in the console for it.
  return html
    .replace(APOLLO_FALLBACK, () => help)
    .replace('new window.EmbeddedSandbox(', 'window.EmbeddedSandbox && new window.EmbeddedSandbox(');
}
