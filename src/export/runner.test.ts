// The export thread's failure paths, with real Worker threads running stand-in code: a thread
// that dies mid-download fails the downloads it held and is replaced on the next one; a thread
// that never says it is ready fails its downloads after the start timeout instead of leaving the
// client waiting.
import { afterAll, afterEach, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../testing/tmp.ts';
import type { ExportJob } from './jobs.ts';
import { type ExportRunner, workerRunner } from './runner.ts';

const tmp = tempDir('leadlens-export-runner-');
const open: ExportRunner[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});
afterAll(() => tmp.cleanup());

/** A stand-in export thread: dies on a companies job, answers one chunk then the end otherwise. */
const CRASHING = `
self.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'start' && m.spec.kind === 'companies') throw new Error('boom');
  if (m.type === 'cancel') return;
  const started = m.type === 'start';
  self.postMessage({ job: m.job, ok: true, bytes: started ? new TextEncoder().encode('id\\n') : null });
};
self.postMessage({ ready: true });
`;
const SILENT = 'self.onmessage = () => {};';

function runner(code: string, startTimeoutMs?: number): ExportRunner {
  const file = tmp.path(`worker-${open.length}-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, code);
  const r = workerRunner(tmp.path('unused.db'), {
    maxJobs: 4,
    mmapBytes: 0,
    idleMs: 60_000,
    startTimeoutMs,
    workerUrl: file,
  });
  open.push(r);
  return r;
}

const job = (kind: ExportJob['kind']): ExportJob => ({
  kind,
  request: {} as ExportJob['request'],
  size: 10,
  startedAt: 0,
  dialect: { delimiter: ',', bom: false },
});

test('a thread that dies fails its download and frees the slot; the next download gets a new thread', async () => {
  const r = runner(CRASHING);
  const doomed = r.start(job('companies'))!;
  await expect(doomed.next()).rejects.toThrow('export thread died');
  expect(r.running()).toBe(0);
  const next = r.start(job('visits'))!;
  expect(new TextDecoder().decode((await next.next())!)).toBe('id\n');
  expect(await next.next()).toBeNull();
  expect(r.running()).toBe(0);
});

test('a thread that never says it is ready fails its download after the start timeout', async () => {
  const r = runner(SILENT, 200);
  const t0 = performance.now();
  const waiting = r.start(job('visits'))!;
  await expect(waiting.next()).rejects.toThrow('it did not start');
  expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  expect(r.running()).toBe(0);
});
