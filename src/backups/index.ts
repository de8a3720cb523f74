export {
  HEARTBEAT_MS,
  holdServerLock,
  type LockInfo,
  lockPath,
  STALE_MS,
  serverHolding,
} from './lock.ts';
export { checkBackup, RestoreError, type RestoreResult, restoreDatabase } from './restore.ts';
export {
  type BackupJobDeps,
  backupFileName,
  createBackupJob,
  rotateBackups,
  scheduleBackups,
} from './schedule.ts';
export { backupInThread } from './thread.ts';
