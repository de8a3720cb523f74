import { afterAll, expect, test } from 'bun:test';
import { existsSync, statSync } from 'node:fs';
import { openDatabase } from '../db/index.ts';
import { tempDir } from '../testing/tmp.ts';
import type { CliIO } from './io.ts';
import { runCli } from './main.ts';

const tmp = tempDir('leadlens-cli-backup-');
afterAll(() => tmp.cleanup());

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: (async function* () {})(),
    env: {},
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const db = tmp.path('leadlens.db');
openDatabase(db).close();

test.each([
  [
    'a new file',
    ['backup', tmp.path('a.db')],
    0,
    /^backup written: .*a\.db \(\d+ bytes.*integrity_check ok/,
  ],
  ['an existing file', ['backup', tmp.path('a.db')], 1, /file exists \(use --force/],
  ['an existing file with --force', ['backup', tmp.path('a.db'), '--force'], 0, /backup written/],
  ['no file name', ['backup'], 2, /backup takes one file name/],
  ['two file names', ['backup', 'x.db', 'y.db'], 2, /backup takes one file name/],
])('leadlens backup: %s', async (_name, args, code, message) => {
  const r = await cli([...args, '--db', db]);
  expect(r.code as number).toBe(code);
  expect(code === 0 ? r.out : r.err).toMatch(message);
  if (code === 0) expect(statSync(tmp.path('a.db')).mode & 0o777).toBe(0o600);
});

test('leadlens backup without a database creates none', async () => {
  const missing = tmp.path('missing.db');
  const r = await cli(['backup', tmp.path('b.db'), '--db', missing]);
  expect(r.code).toBe(1);
  expect(r.err).toContain('no database at');
  expect(existsSync(missing)).toBe(false);
});
