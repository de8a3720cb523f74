import { Elysia } from 'elysia';
import { buildApp } from '../../web/app/build.ts';
import { UI_PATHS } from '../../web/app/router.ts';
import type { Driver } from '../db/index.ts';
import { embedded } from '../embed/index.ts';
import { createAboutPage } from './about.ts';

/**
 * The admin page's headers. The CSP allows only this origin's script and connections; inline
 * styles stay allowed for Lit and uPlot (style attributes, constructed sheets). no-referrer: the
 * setup and invite tokens sit in the URL and must not leak to linked sites.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

// The favicon as a data: URL (allowed by img-src): no extra route, and no 404 in the console.
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Ccircle cx='10' cy='10' r='7' fill='none' stroke='%234338ca' stroke-width='3'/%3E%3Cpath d='m15 15 6 6' stroke='%23818cf8' stroke-width='3' stroke-linecap='round'/%3E%3C/svg%3E";

/** The one HTML document of the UI; ll-app sets `lang` once it knows the language. */
export const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Leadlens</title>
<link rel="icon" href="${ICON}">
<link rel="stylesheet" href="/app.css">
<script type="module" src="/app.js"></script>
</head>
<body><ll-app></ll-app><noscript>Leadlens needs JavaScript.</noscript></body>
</html>
`;

/** An asset answered with a strong ETag; browsers revalidate (no-cache) and get 304s. */
function asset(body: string, type: string) {
  const etag = `"${new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 32)}"`;
  return (request: Request) => {
    const headers = {
      'content-type': type,
      'cache-control': 'no-cache',
      etag,
      'x-content-type-options': 'nosniff',
    };
    if (request.headers.get('if-none-match') === etag) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, { headers });
  };
}

/**
 * The admin UI as an Elysia plugin: builds the bundle once (Bun.build, a fraction of a second),
 * then serves GET /app.js, /app.css and index.html at every UI path (`/`, `/sites`, `/live`,
 * `/overview`, `/settings`, `/login`, `/setup`, `/invite`, `/companies/:id`). With `db`, also the
 * public `/about` page (no session) with the loaded sources' credits.
 * @example app.use(await createUiRoutes({ db }))
 */
export async function createUiRoutes(opts: { build?: typeof buildApp; db?: Driver } = {}) {
  // The compiled binary serves the bundle built with it (it cannot run Bun.build on its sources).
  const prebuilt = embedded()?.ui;
  const { js, css } = opts.build || !prebuilt ? await (opts.build ?? buildApp)() : prebuilt;
  const script = asset(js, 'text/javascript; charset=utf-8');
  const style = asset(css, 'text/css; charset=utf-8');
  const page = () => new Response(INDEX_HTML, { headers: PAGE_HEADERS });
  const app = new Elysia({ name: 'ui' })
    .get('/app.js', ({ request }) => script(request))
    .get('/app.css', ({ request }) => style(request))
    .get('/companies/:id', page);
  for (const path of UI_PATHS) app.get(path, page);
  if (opts.db) app.get('/about', createAboutPage(opts.db));
  return app;
}
