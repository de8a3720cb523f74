// Phase 5: overload. Beacons arrive open-loop at 2× the measured maximum (scripts/soak/openloop.ts
// on CPU 1, as from many browsers) for a minute. The server must shed (429/503) instead of queueing
// without bound, while login and the inbox, asked from another client, stay responsive.
import { join } from 'node:path';
import {
  inspectDb,
  ms,
  OWNER,
  type PhaseResult,
  percentile,
  pin,
  postJson,
  type SoakServer,
  timedGet,
} from './kit.ts';

interface OpenLoop {
  sent: number;
  offeredRps: number;
  statuses: Record<string, number>;
  retryAfter: number;
  peakOutstanding: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export async function overload(
  s: SoakServer,
  o: { rate: number; seconds: number; clientConnections: number },
): Promise<PhaseResult> {
  const ctl = new AbortController();
  const login: number[] = [];
  const inbox: number[] = [];
  let probeBad = 0;
  const probes = Promise.all([
    (async () => {
      while (!ctl.signal.aborted) {
        const t0 = performance.now();
        try {
          const res = await postJson(s.base, '/api/auth/login', {
            email: OWNER.email,
            password: OWNER.password,
          });
          await res.arrayBuffer();
          if (res.status !== 200) probeBad++;
        } catch {
          probeBad++;
        }
        login.push(performance.now() - t0);
        await Bun.sleep(500);
      }
    })(),
    (async () => {
      while (!ctl.signal.aborted) {
        const r = await timedGet(s.base, '/api/companies', s.cookie, 10_000);
        if (r.status !== 200) probeBad++;
        inbox.push(r.ms);
        await Bun.sleep(200);
      }
    })(),
  ]);
  const p = Bun.spawn(
    [
      ...pin(1),
      process.execPath,
      join(import.meta.dir, 'openloop.ts'),
      s.base,
      s.siteKey,
      String(Math.round(o.rate)),
      String(o.seconds),
      '/over',
    ],
    {
      // Many browsers, many connections: up to this many at once from the one client process.
      env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: String(o.clientConnections) },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  );
  const [out, err] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
  ]);
  await p.exited;
  ctl.abort();
  await probes;
  const line = /^OPENLOOP (.*)$/m.exec(out)?.[1];
  if (!line) {
    return {
      name: 'overload',
      ok: false,
      lines: [`overload: FAIL — load client printed no result: ${err.slice(0, 300)}`],
    };
  }
  const r = JSON.parse(line) as OpenLoop;
  const alive = s.spawned.proc.exitCode === null;
  const health = await timedGet(s.base, '/healthz');
  const acked = r.statuses['202'] ?? 0;
  const shed = (r.statuses['503'] ?? 0) + (r.statuses['429'] ?? 0);
  const db = inspectDb(s.dbPath, '/over');
  const loginP95 = percentile(login, 95);
  const inboxP95 = percentile(inbox, 95);
  const checks = {
    'sheds (429/503)': shed > 0,
    'login p95 < 500 ms': loginP95 < 500,
    'inbox p95 < 500 ms': inboxP95 < 500,
    'probes answered': probeBad === 0,
    'alive and healthy after': alive && health.status === 200,
    'acked stored': db.stored >= acked,
  };
  const failed = Object.entries(checks)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  const ok = failed.length === 0;
  const statuses = Object.entries(r.statuses)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  return {
    name: 'overload',
    ok,
    lines: [
      `overload: ${ok ? 'PASS' : `FAIL (${failed.join(', ')})`} — ${o.seconds} s open-loop at ${Math.round(r.offeredRps)} beacons/s offered ` +
        `(target ${Math.round(o.rate)}, ≤ ${o.clientConnections} connections): answers ${statuses}; ${shed} shed (${r.retryAfter} with Retry-After); ` +
        `beacon latency p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}, peak ${r.peakOutstanding} outstanding in the client; ` +
        `login p50 ${ms(percentile(login, 50))} p95 ${ms(loginP95)} (${login.length}×), inbox p50 ${ms(percentile(inbox, 50))} p95 ${ms(inboxP95)} (${inbox.length}×), ` +
        `${probeBad} probe failures; /healthz after ${health.status}; ${db.stored} stored ≥ ${acked} acknowledged; integrity ${db.integrity}`,
    ],
  };
}
