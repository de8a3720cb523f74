import { OUTCOMES, type Outcome } from './drops.ts';

const BUCKETS_MS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];

/** Ingest counters and the latency histogram, rendered as Prometheus text. No labels carry request data. */
export class TrackMetrics {
  private readonly outcomes = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  private readonly buckets = new Float64Array(BUCKETS_MS.length);
  private latencyCount = 0;
  private latencySum = 0;
  private flushes = 0;
  private flushMsSum = 0;
  private flushMsMax = 0;

  count(outcome: Outcome): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  observe(ms: number): void {
    this.latencyCount++;
    this.latencySum += ms;
    for (let i = 0; i < BUCKETS_MS.length; i++) if (ms <= BUCKETS_MS[i]) this.buckets[i]++;
  }

  flushed(ms: number): void {
    this.flushes++;
    this.flushMsSum += ms;
    if (ms > this.flushMsMax) this.flushMsMax = ms;
  }

  get(outcome: Outcome): number {
    return this.outcomes.get(outcome) ?? 0;
  }

  /** Prometheus exposition text; `gauges` and `counters` are read at render time. */
  render(
    gauges: Record<string, [help: string, value: number]>,
    counters: Record<string, [help: string, value: number]> = {},
  ): string {
    const out: string[] = [
      '# HELP leadlens_beacons_total Beacons by outcome: stored (lead visit), counted (not a lead), or the drop reason.',
      '# TYPE leadlens_beacons_total counter',
    ];
    for (const [o, n] of this.outcomes) out.push(`leadlens_beacons_total{outcome="${o}"} ${n}`);
    out.push(
      '# HELP leadlens_ingest_seconds Time from a beacon arriving to its answer (after commit when stored).',
      '# TYPE leadlens_ingest_seconds histogram',
    );
    for (let i = 0; i < BUCKETS_MS.length; i++) {
      out.push(`leadlens_ingest_seconds_bucket{le="${BUCKETS_MS[i] / 1000}"} ${this.buckets[i]}`);
    }
    out.push(`leadlens_ingest_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    out.push(`leadlens_ingest_seconds_sum ${this.latencySum / 1000}`);
    out.push(`leadlens_ingest_seconds_count ${this.latencyCount}`);
    out.push(
      '# HELP leadlens_batches_total Group-commit batches written.',
      '# TYPE leadlens_batches_total counter',
      `leadlens_batches_total ${this.flushes}`,
      '# HELP leadlens_batch_seconds_max Longest batch commit so far.',
      '# TYPE leadlens_batch_seconds_max gauge',
      `leadlens_batch_seconds_max ${this.flushMsMax / 1000}`,
      '# HELP leadlens_batch_seconds_sum Total time spent committing batches.',
      '# TYPE leadlens_batch_seconds_sum counter',
      `leadlens_batch_seconds_sum ${this.flushMsSum / 1000}`,
    );
    for (const [type, values] of [
      ['gauge', gauges],
      ['counter', counters],
    ] as const) {
      for (const [name, [help, value]] of Object.entries(values)) {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}
