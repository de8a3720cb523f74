import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { createClassifier } from '../classify/index.ts';
import type { Config } from '../config/index.ts';
import { openDatabase } from '../db/index.ts';
import { loadIndex } from '../ipindex/index.ts';
import { createLogger } from '../log/index.ts';
import { startServer } from '../serve.ts';
import {
  createProgress,
  createSourceCatalog,
  defaultDatasetFiles,
  FORMATS,
  findFormat,
  hasNoRanges,
  importDefaultDataset,
  importSource,
  silentProgress,
  totalBytes,
} from '../sources/index.ts';
import { type CliIO, type ExitCode, stdinLines, UsageError } from './io.ts';
import { createExplainer, formatLookup } from './lookup.ts';

export interface CommandArgs {
  config: Readonly<Config>;
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  io: CliIO;
}

/** `serve`: runs until SIGTERM/SIGINT, then stops cleanly (exit 0). */
export async function serveCommand({ config, io }: CommandArgs): Promise<ExitCode> {
  const log = createLogger(config.logLevel, io.stderr);
  let signalled = false;
  let wake = () => {};
  // Handlers go in before start-up: a signal during the first-start import must not kill the
  // process with the default action (exit 143) but end it cleanly.
  const onSignal = () => {
    signalled = true;
    wake();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const server = await startServer(config, log, { out: io.stdout });
    if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
    await server.stop();
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** `import <format> <file…>` or `import --default`. */
export async function importCommand({
  config,
  positionals,
  flags,
  io,
}: CommandArgs): Promise<ExitCode> {
  const quiet = !!flags.quiet;
  const db = openDatabase(config.dbPath);
  try {
    const classify = createClassifier();
    if (flags.default) {
      if (positionals.length) throw new UsageError('import --default takes no files');
      const label = 'import ip-location-db-asn';
      const progress = quiet
        ? silentProgress
        : createProgress({ label, totalBytes: totalBytes(defaultDatasetFiles()), out: io.stderr });
      const s = await importDefaultDataset(db, classify, progress);
      io.stdout.write(
        `imported ${s.source}: ${s.ranges} ranges, ${s.index.size} index segments in ${(s.ms / 1000).toFixed(1)}s\n`,
      );
      return 0;
    }
    const [formatName, ...files] = positionals;
    if (!formatName || !files.length)
      throw new UsageError('import needs a format and at least one file');
    const found = findFormat(formatName);
    if (!found)
      throw new UsageError(
        `unknown format "${formatName}"; formats: ${Object.keys(FORMATS).join(', ')}`,
      );
    for (const f of files) if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
    const [format, spec] = found;
    const priority = flags.priority === undefined ? undefined : Number(flags.priority);
    if (
      priority !== undefined &&
      (!Number.isInteger(priority) || priority < 0 || priority > 1000)
    ) {
      throw new UsageError('--priority must be an integer from 0 to 1000');
    }
    const name = typeof flags.name === 'string' ? flags.name : undefined;
    const label = `import ${name ?? spec.defaultName}`;
    const progress = quiet
      ? silentProgress
      : createProgress({ label, totalBytes: totalBytes(files), out: io.stderr });
    const s = await importSource(db, { format, spec, files, name, priority, classify, progress });
    io.stdout.write(
      `imported ${s.source}: ${s.records} records, ${s.ranges} ranges, ${s.companies} companies, ${s.meta} AS facts; ` +
        `${s.reclassified} networks reclassified; ${s.index.size} index segments in ${(s.ms / 1000).toFixed(1)}s\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

/** `sources`: what is loaded, counts, dates, licences. */
export function sourcesCommand({ config, flags, io }: CommandArgs): ExitCode {
  const db = openDatabase(config.dbPath);
  try {
    const rows = createSourceCatalog(db).list();
    if (flags.json) {
      // snake_case like the CLI's other JSON output
      for (const r of rows) {
        const line = {
          name: r.name,
          format: r.format,
          priority: r.priority,
          licence: r.licence,
          attribution: r.attribution,
          attribution_url: r.attributionUrl,
          imported_at: r.importedAt,
          row_count: r.rowCount,
          ranges: r.ranges,
        };
        io.stdout.write(`${JSON.stringify(line)}\n`);
      }
      return 0;
    }
    if (!rows.length) {
      io.stdout.write('no sources loaded; run `leadlens import --default` or start the server\n');
      return 0;
    }
    for (const r of rows) {
      const when = r.importedAt ? r.importedAt.slice(0, 19).replace('T', ' ') : '-';
      io.stdout.write(
        `${r.name}\t${r.format}\tpriority ${r.priority}\t${r.rowCount} rows\t${r.ranges} ranges\timported ${when} UTC\n` +
          `  licence: ${r.licence ?? '-'}${r.attribution ? `; attribution: ${r.attribution}` : ''}${r.attributionUrl ? ` <${r.attributionUrl}>` : ''}\n`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

/** `lookup [--json] <ip>…` (or addresses on stdin, one per line). */
export async function lookupCommand({
  config,
  positionals,
  flags,
  io,
}: CommandArgs): Promise<ExitCode> {
  const db = openDatabase(config.dbPath);
  try {
    if (hasNoRanges(db))
      io.stderr.write('note: no range data loaded; run `leadlens import --default`\n');
    const explain = createExplainer(db, loadIndex(db).index);
    let failed = false;
    const inputs: AsyncIterable<string> | string[] = positionals.length
      ? positionals
      : stdinLines(io.stdin);
    for await (const line of inputs) {
      if (!line.trim()) continue;
      const r = explain(line);
      if ('error' in r) failed = true;
      io.stdout.write(`${flags.json ? JSON.stringify(r) : formatLookup(r)}\n`);
    }
    return failed ? 1 : 0;
  } finally {
    db.close();
  }
}

/** `classify [--json] <csv>`: classes for a CSV with asn and org columns (header required). */
export async function classifyCommand({ positionals, flags, io }: CommandArgs): Promise<ExitCode> {
  const [file] = positionals;
  if (!file || positionals.length > 1)
    throw new UsageError('classify needs exactly one CSV file (- for stdin)');
  if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const classify = createClassifier();
  const input = file === '-' ? io.stdin : createReadStream(file);
  const parser = parseCsv({
    columns: true,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
  });
  let failed = false;
  Readable.from(input).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    const asnText = record.asn ?? '';
    const org = record.org ?? record.name ?? '';
    const asn = asnText === '' ? null : Number(asnText.replace(/^AS/i, ''));
    if (asn !== null && (!Number.isInteger(asn) || asn < 0 || asn > 4294967295)) {
      io.stderr.write(`${file}:${info.lines}: invalid asn "${asnText.slice(0, 20)}"\n`);
      failed = true;
      continue;
    }
    const c = classify({ asn, name: org });
    io.stdout.write(
      flags.json
        ? `${JSON.stringify({ asn, org, class: c.class, why: c.why })}\n`
        : `${asn ?? ''}\t${org}\t${c.class}\t${c.why}\n`,
    );
  }
  return failed ? 1 : 0;
}
