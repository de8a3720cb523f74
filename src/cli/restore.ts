import { RestoreError, restoreDatabase } from '../backups/index.ts';
import type { CommandArgs } from './commands.ts';
import { type ExitCode, UsageError } from './io.ts';

const MiB = 1024 * 1024;

/**
 * `restore <backup>`: replaces the configured database with a backup, while no server runs.
 * Exit 1 when refused (server running, broken or too new backup).
 */
export function restoreCommand({ config, positionals, io }: CommandArgs): ExitCode {
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('restore takes one backup file');
  try {
    const r = restoreDatabase(file, config.dbPath);
    io.stdout.write(
      `restored ${file} to ${r.path} (${(r.bytes / MiB).toFixed(1)} MiB, schema ${r.schemaVersion})\n` +
        (r.previous ? `the replaced database was kept as ${r.previous}\n` : ''),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof RestoreError)) throw e;
    io.stderr.write(`leadlens ${e.message}\n`);
    return 1;
  }
}

/** The command's entry in src/cli/main.ts. */
export const RESTORE_COMMAND = {
  summary: 'replace the database with a backup (integrity-checked; refused while a server runs)',
  usage: 'restore <backup-file>',
  options: {},
  run: restoreCommand,
};
