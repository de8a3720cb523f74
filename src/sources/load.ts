import { basename } from 'node:path';
import type { Classifier } from '../classify/index.ts';
import type { Driver } from '../db/index.ts';
import { type CommitResult, commitStaged, type SourceMeta } from './commit.ts';
import { createProgress, type Progress } from './progress.ts';
import { totalBytes } from './read.ts';
import type { Format } from './registry.ts';
import { Stager } from './stage.ts';

export interface ImportOptions {
  format: string;
  spec: Format;
  files: string[];
  name?: string;
  priority?: number;
  classify: Classifier;
  progress?: Progress;
  now?: () => number;
}

export interface ImportSummary extends CommitResult {
  source: string;
  records: number;
  ms: number;
}

/**
 * Imports files of one format as one source: stream-parse into staging, then replace the source's
 * rows and rebuild the index in one transaction. Throws ImportError on the first bad line, having
 * written nothing to the main database.
 */
export async function importSource(db: Driver, o: ImportOptions): Promise<ImportSummary> {
  const t0 = performance.now();
  const name = o.name ?? o.spec.defaultName;
  const progress =
    o.progress ?? createProgress({ label: `import ${name}`, totalBytes: totalBytes(o.files) });
  const stager = new Stager(db);
  let records = 0;
  let bytes = 0;
  try {
    for await (const rec of o.spec.parse(o.files, { onBytes: (n) => (bytes = n) })) {
      stager.add(rec);
      if ((++records & 1023) === 0) progress.update(bytes, records);
    }
    stager.flush();
    progress.update(bytes, records);
    progress.phase(
      `parsed ${records.toLocaleString('en-US')} records; writing and building the index`,
    );
    const meta: SourceMeta = {
      name,
      format: o.format,
      priority: o.priority ?? o.spec.priority,
      licence: o.spec.licence || null,
      attribution: o.spec.attribution || null,
      attributionUrl: o.spec.attributionUrl || null,
      files: o.files.map((f) => basename(f)),
    };
    const result = commitStaged(db, meta, o.classify, (o.now ?? Date.now)(), records);
    progress.done(
      `${result.ranges.toLocaleString('en-US')} ranges, ${result.index.size.toLocaleString('en-US')} index segments`,
    );
    return { ...result, source: name, records, ms: performance.now() - t0 };
  } finally {
    stager.clear();
  }
}
