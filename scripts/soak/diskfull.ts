// Phase 2: disk full (CHECKS #19). The data directory is a small tmpfs, almost filled by a file
// we own; beacons go in until writes fail. Every failure must be a 503 (never a 2xx for a beacon
// that was not stored), the process must live on with /healthz saying degraded; after the filler
// is deleted ingest resumes, integrity_check is ok and every acknowledged beacon is stored.
import { mkdirSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  inspectDb,
  type PhaseResult,
  sendBeacon,
  startSoakServer,
  storedPaths,
  timedGet,
} from './kit.ts';

const free = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

export async function diskFull(o: { workDir: string; sizeMb: number }): Promise<PhaseResult> {
  if (process.getuid?.() !== 0) {
    return {
      name: 'diskfull',
      ok: false,
      lines: ['disk full (#19): FAIL — needs root to mount a tmpfs'],
    };
  }
  const mnt = join(o.workDir, 'tmpfs');
  mkdirSync(mnt, { recursive: true });
  const mount = Bun.spawnSync(['mount', '-t', 'tmpfs', '-o', `size=${o.sizeMb}m`, 'tmpfs', mnt]);
  if (mount.exitCode !== 0) {
    return {
      name: 'diskfull',
      ok: false,
      lines: [`disk full (#19): FAIL — mount failed: ${mount.stderr.toString().trim()}`],
    };
  }
  let server: Awaited<ReturnType<typeof startSoakServer>> | null = null;
  try {
    const dataDir = join(mnt, 'data');
    server = await startSoakServer({ dataDir, workDir: o.workDir });
    const s = server;
    // Leave ~1.5 MB: enough for a few thousand beacons, then the WAL cannot grow.
    const filler = join(mnt, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, free(mnt) - 1_500_000)));
    const prefix = '/full/';
    const acked: string[] = [];
    const statuses: Record<string, number> = {};
    let n = 0;
    const send = async () => {
      const path = `${prefix}${n++}-${'x'.repeat(200)}`;
      const r = await sendBeacon(s.base, s.siteKey, path, `198.51.100.${(n % 250) + 2}`);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 202) acked.push(path);
      return r.status;
    };
    // Fill: 8 clients until 200 answers in a row were refused, or 60 s.
    let refusedInRow = 0;
    const until = Date.now() + 60_000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (refusedInRow < 200 && Date.now() < until) {
          const st = await send();
          refusedInRow = st === 202 ? 0 : refusedInRow + 1;
        }
      }),
    );
    const full = { ...statuses };
    const health = await timedGet(s.base, '/healthz');
    const healthBody = await (await fetch(`${s.base}/healthz`)).json().catch(() => ({}));
    const alive = s.spawned.proc.exitCode === null;
    // Free the space: ingest must resume without a restart.
    unlinkSync(filler);
    let resumedAfter = -1;
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) {
      if ((await send()) === 202) {
        resumedAfter = Date.now() - t0;
        break;
      }
      await Bun.sleep(50);
    }
    for (let i = 0; i < 50; i++) await send();
    const healthAfter = await timedGet(s.base, '/healthz');
    await s.spawned.stop('SIGTERM');
    server = null;
    const db = inspectDb(s.dbPath, prefix);
    const stored = storedPaths(s.dbPath, prefix);
    const missing = acked.filter((p) => !stored.has(p)).length;
    const unexpected = Object.keys(statuses).filter((k) => k !== '202' && k !== '503');
    const checks = {
      'writes refused with 503': (full['503'] ?? 0) > 0,
      'only 202/503 answers': unexpected.length === 0,
      'process alive while full': alive,
      '/healthz degraded while full': health.status === 503 && healthBody.status === 'degraded',
      'ingest resumed': resumedAfter >= 0,
      '/healthz ok after': healthAfter.status === 200,
      'integrity_check ok': db.integrity === 'ok',
      'no acked beacon lost': missing === 0,
    };
    const failed = Object.entries(checks)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    const ok = failed.length === 0;
    return {
      name: 'diskfull',
      ok,
      lines: [
        `disk full (#19): ${ok ? 'PASS' : `FAIL (${failed.join(', ')})`} — ${o.sizeMb} MB tmpfs: ` +
          `until full ${full['202'] ?? 0} acknowledged, ${full['503'] ?? 0} refused with 503` +
          `${unexpected.length ? `, other answers ${unexpected.map((k) => `${k}×${statuses[k]}`).join(' ')}` : ''}; ` +
          `/healthz while full ${health.status} ${healthBody.status ?? '?'}; after freeing space ingest resumed ` +
          `after ${resumedAfter} ms, /healthz ${healthAfter.status}; integrity_check ${db.integrity}; ` +
          `${acked.length} acknowledged, ${stored.size} stored, ${missing} acknowledged but missing`,
      ],
    };
  } finally {
    if (server) await server.spawned.stop('SIGKILL').catch(() => {});
    // A lazy unmount if something still holds a file there; never delete through a live mount.
    if (Bun.spawnSync(['umount', mnt]).exitCode !== 0) Bun.spawnSync(['umount', '-l', mnt]);
    try {
      rmSync(mnt, { recursive: true, force: true });
    } catch {}
  }
}
