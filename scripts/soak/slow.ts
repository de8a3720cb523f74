// Phase 1: slow clients. Slowloris (CHECKS #13): raw sockets that send a request head one byte
// every few seconds must be closed by the server's header timeout while /healthz stays fast for
// everyone else. Slow body (#14): a declared body sent at 1 byte/s must be closed, and beacons
// from other clients keep being acknowledged meanwhile.
import { connect } from 'node:net';
import {
  ms,
  type PhaseResult,
  percentile,
  type SoakServer,
  sendBeacon,
  storedPaths,
  timedGet,
} from './kit.ts';

/** Opens a raw socket that writes `head` at once, then `drip` one byte per `everyMs`; resolves with ms until the server closed it (null: still open at `giveUpMs`). */
function slowSocket(
  port: number,
  head: string,
  drip: string,
  everyMs: number,
  giveUpMs: number,
): Promise<number | null> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sock = connect(port, '127.0.0.1');
    let i = 0;
    let done = false;
    const finish = (v: number | null) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      sock.destroy();
      resolve(v);
    };
    sock.on('error', () => {});
    sock.on('close', () => finish(performance.now() - t0));
    if (head) sock.write(head);
    const timer = setInterval(() => {
      if (!sock.destroyed) sock.write(drip[i++ % drip.length]);
    }, everyMs);
    const giveUp = setTimeout(() => finish(null), giveUpMs);
  });
}

/** Probes `path` every `everyMs` until `signal`; latencies and non-200 answers. */
async function probe(base: string, path: string, everyMs: number, signal: AbortSignal) {
  const lat: number[] = [];
  let bad = 0;
  while (!signal.aborted) {
    const r = await timedGet(base, path, undefined, 5000);
    lat.push(r.ms);
    if (r.status !== 200) bad++;
    await Bun.sleep(everyMs);
  }
  return { lat, bad };
}

export async function slowloris(s: SoakServer, o: { sockets: number }): Promise<PhaseResult> {
  const port = Number(new URL(s.base).port);
  const ctl = new AbortController();
  const health = probe(s.base, '/healthz', 50, ctl.signal);
  // A request head that never ends: one more header byte every 5 s.
  const head = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n';
  const closes = await Promise.all(
    Array.from({ length: o.sockets }, () =>
      slowSocket(port, head, 'X-Slow: aaaaaaaa', 5000, 60_000),
    ),
  );
  ctl.abort();
  const h = await health;
  const open = closes.filter((c) => c === null).length;
  const closed = closes.filter((c): c is number => c !== null);
  const p99 = percentile(h.lat, 99);
  const ok = open === 0 && p99 < 200 && h.bad === 0;
  return {
    name: 'slowloris',
    ok,
    lines: [
      `slowloris (#13): ${ok ? 'PASS' : 'FAIL'} — ${o.sockets} sockets dripping a header byte every 5 s: ` +
        `${closed.length} closed by the server (median after ${ms(percentile(closed, 50))}, last after ${ms(Math.max(0, ...closed))}), ` +
        `${open} still open after 60 s; /healthz from another client: ${h.lat.length} probes, ` +
        `p50 ${ms(percentile(h.lat, 50))}, p99 ${ms(p99)} (limit 200 ms), ${h.bad} not 200`,
    ],
  };
}

export async function slowBody(s: SoakServer, o: { sockets: number }): Promise<PhaseResult> {
  const port = Number(new URL(s.base).port);
  const ctl = new AbortController();
  // Two kinds: a declared 10 000 bytes (over the beacon cap) and 4 000 (under it), at 1 byte/s.
  const heads = [10_000, 4000].map(
    (n) =>
      `POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: ${n}\r\n\r\n`,
  );
  const sockets = Promise.all(
    Array.from({ length: o.sockets }, (_, i) => slowSocket(port, heads[i % 2], '{', 1000, 90_000)),
  );
  // Meanwhile, real beacons from another client: every one must be acknowledged, quickly.
  const prefix = '/slowbody/';
  const acked: string[] = [];
  const lat: number[] = [];
  let other = 0;
  const beacons = (async () => {
    for (let n = 0; !ctl.signal.aborted; n++) {
      const path = `${prefix}${n}`;
      const r = await sendBeacon(s.base, s.siteKey, path, '198.51.100.20');
      lat.push(r.ms);
      if (r.status === 202) acked.push(path);
      else other++;
      await Bun.sleep(20);
    }
  })();
  const closes = await sockets;
  ctl.abort();
  await beacons;
  const open = closes.filter((c) => c === null).length;
  const closed = closes.filter((c): c is number => c !== null);
  const last = Math.max(0, ...closed);
  const stored = storedPaths(s.dbPath, prefix);
  const missing = acked.filter((p) => !stored.has(p)).length;
  const p99 = percentile(lat, 99);
  // Closed within the idle timeout (30 s, src/serve.ts) plus Bun's timer granularity.
  const ok = open === 0 && last < 45_000 && other === 0 && missing === 0 && p99 < 200;
  return {
    name: 'slowbody',
    ok,
    lines: [
      `slow body (#14): ${ok ? 'PASS' : 'FAIL'} — ${o.sockets} POST /e sending a 10 000/4 000-byte body at 1 byte/s: ` +
        `${closed.length} closed (median after ${ms(percentile(closed, 50))}, last after ${ms(last)}; limit 45 s), ${open} still open; ` +
        `other client meanwhile: ${acked.length} beacons acknowledged, ${other} not, p99 ${ms(p99)}, ${missing} acknowledged but not stored`,
    ],
  };
}
