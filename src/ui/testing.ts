// A real Leadlens server for the UI's browser test and the screenshot script: startServer() on a
// temp data dir, trusting X-Forwarded-For from loopback so tests can send beacons "from" fixture
// networks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createClassifier } from '../classify/index.ts';
import { type Config, loadConfig } from '../config/index.ts';
import { type Driver, openDatabase } from '../db/index.ts';
import { createLogger } from '../log/index.ts';
import { startServer } from '../serve.ts';
import { FORMATS, importSource, silentProgress } from '../sources/index.ts';
import { DESKTOP_UA, launchBrowser } from '../testing/browser.ts';
import { FIXTURE_ASN, FIXTURE_COMPANIES, TEST_LIMITS } from '../testing/harness.ts';

export interface UiServer {
  base: string;
  /** The one-time setup path ('/setup?token=…') or null once an owner exists. */
  setupPath: string | null;
  db: Driver;
  config: Readonly<Config>;
  stop(): Promise<void>;
}

/**
 * Starts Leadlens on 127.0.0.1:0 over `dataDir` (trusting X-Forwarded-For from loopback, so
 * tests can send beacons "from" fixture networks), with the UI and the API modules mounted.
 */
export async function startUiServer(
  dataDir: string,
  opts: {
    env?: Record<string, string>;
    /** The tracking clock: demo data is sent "over past days" by moving it (screenshots). */
    clock?: () => number;
  } = {},
): Promise<UiServer> {
  const config = loadConfig(
    {},
    {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      IMPORT_DEFAULT: 'false',
      TRUSTED_PROXIES: '127.0.0.1',
      LEADLENS_ENV: 'development',
      LOG_LEVEL: 'warn',
      // Demo data comes from few addresses in a hurry; the limits have their own tests.
      ...TEST_LIMITS,
      ...opts.env,
    },
  );
  const out = { write: () => true }; // the setup link is returned, not printed
  const server = await startServer(config, createLogger(config.logLevel), {
    out,
    clock: opts.clock,
  });
  return {
    base: server.base,
    setupPath: server.modules.auth.setupUrlPath(),
    db: server.db,
    config,
    stop: () => server.stop(),
  };
}

/**
 * Imports the test networks (FIXTURE_ASN: a business, an ISP, a host; FIXTURE_COMPANIES:
 * "CanaryCo AG" on 198.51.100.128/25) into `dataDir`'s database, before the server starts.
 */
export async function importFixtures(dataDir: string): Promise<void> {
  const db = openDatabase(join(dataDir, 'leadlens.db'));
  try {
    const classify = createClassifier();
    for (const [format, text] of [
      ['ip-location-db', `${FIXTURE_ASN}\n`],
      ['companies', FIXTURE_COMPANIES],
    ] as const) {
      const file = join(dataDir, `${format}.fixture.csv`);
      writeFileSync(file, text);
      await importSource(db, {
        format,
        spec: FORMATS[format],
        files: [file],
        classify,
        progress: silentProgress,
      });
    }
  } finally {
    db.close();
  }
}

/**
 * A desktop-sized Chromium page for the UI's browser tests, watched for what must never happen:
 * a failed response (other than the signed-out session check, or a `METHOD STATUS path` key the
 * test lists in `expected`), a console error, a page error, a dialog (an XSS payload would open
 * one). Each lands in `problems`, which the tests assert empty.
 */
export async function openWatchedPage(o: {
  step: number;
  problems: string[];
  expected?: ReadonlySet<string>;
}): Promise<{ browser: Awaited<ReturnType<typeof launchBrowser>>; page: Page }> {
  const browser = await launchBrowser({
    userAgent: DESKTOP_UA,
    viewport: { width: 1440, height: 900 },
  });
  const page = await browser.context.newPage();
  page.setDefaultTimeout(o.step);
  // Failed requests are judged by the response (the console only repeats them, without the URL).
  page.on('response', (r) => {
    const key = `${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`;
    const signedOutCheck = r.status() === 401 && key.endsWith(' /api/auth/me');
    if (r.status() >= 400 && !signedOutCheck && !o.expected?.has(key)) o.problems.push(key);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      o.problems.push(m.text());
  });
  page.on('pageerror', (e) => o.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    o.problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { browser, page };
}
