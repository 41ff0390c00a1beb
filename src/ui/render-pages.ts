/**
 * render-pages
 *
 * The HTML of the two pages. Every URL in them is relative, so the pages also work below a mount point (the express
 * adapter), and every asset is the mock's own (`_ui/…`); the Content-Security-Policy sent with them forbids anything
 * else.
 */

/**
 * The Content-Security-Policy of the pages: nothing but the mock's own origin (inline styles are allowed for the
 * editors' layout; fonts and images may be `data:` URLs, which is how GraphiQL's are bundled).
 *
 * @category UI
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** JSON inside a `<script type="application/json">`: `<` escaped so the text cannot close the element. */
function embed(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function page(input: { title: string; name: string; prefix: string; config: unknown; body: string }): string {
  const { title, name, prefix, config, body } = input;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${prefix}_ui/${name}.css">
</head>
<body>
${body}
<script type="application/json" id="sentera-mock-config">${embed(config)}</script>
<script src="${prefix}_ui/${name}.js" defer></script>
</body>
</html>
`;
}

/**
 * GraphiQL's page: the documentation's example mutation as the first tab, a headers editor, the docs explorer.
 *
 * @category UI
 */
export function renderGraphiqlPage(input: {
  endpoint: string;
  query: string;
  headers: string;
  assetPrefix: string;
}): string {
  const { assetPrefix, ...config } = input;
  return page({
    title: 'GraphiQL · sentera-mock',
    name: 'graphiql',
    prefix: assetPrefix,
    config,
    body: '<div id="graphiql" style="height:100vh">Loading GraphiQL…</div>',
  });
}

/**
 * The console's page.
 *
 * @category UI
 */
export function renderConsolePage(input: {
  graphqlPath: string;
  graphiql: boolean;
  documentedOrganization: string;
}): string {
  return page({
    title: 'sentera-mock console',
    name: 'console',
    prefix: '',
    config: input,
    body: '<div id="app"><p>Loading the console…</p><noscript>The console needs JavaScript; the JSON control API is at _mock.</noscript></div>',
  });
}
