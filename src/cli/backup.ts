import { existsSync } from 'node:fs';
import { BackupError, backupDatabase } from '../db/backup.ts';
import { openDatabase } from '../db/index.ts';
import type { CommandArgs } from './commands.ts';
import { type ExitCode, UsageError } from './io.ts';

const MiB = 1024 * 1024;

/**
 * `backup <file> [--force]`: an online copy of the configured database (safe while the server
 * ingests), mode 0600, checked with integrity_check. Exit 1 when refused or failed.
 */
export function backupCommand({ config, positionals, flags, io }: CommandArgs): ExitCode {
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('backup takes one file name');
  // openDatabase would create an empty database where none is: a backup of nothing helps nobody.
  if (!existsSync(config.dbPath)) {
    io.stderr.write(`leadlens backup: no database at ${config.dbPath}\n`);
    return 1;
  }
  // No migrations: a backup must copy the file as it is, whatever version wrote it.
  const db = openDatabase(config.dbPath, { migrate: false });
  try {
    const r = backupDatabase(db, file, { force: !!flags.force });
    io.stdout.write(
      `backup written: ${r.path} (${r.bytes} bytes, ${(r.bytes / MiB).toFixed(1)} MiB; ` +
        `integrity_check ${r.integrity}; ${r.ms} ms)\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    io.stderr.write(`leadlens ${e.message}\n`);
    return 1;
  } finally {
    db.close();
  }
}

/** The command's entry in src/cli/main.ts. */
export const BACKUP_COMMAND = {
  summary: 'copy the database while it runs (VACUUM INTO; mode 0600; integrity-checked)',
  usage: 'backup <file> [--force]',
  options: { force: { type: 'boolean' as const, help: 'overwrite an existing file' } },
  run: backupCommand,
};
