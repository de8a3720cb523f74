export {
  type Driver,
  isBun,
  openDriver,
  type RunResult,
  type SqlValue,
  type Statement,
} from './driver.ts';
export { fsyncPath, integrityCheck } from './durable.ts';
export { loadMigrations, type Migration, migrate } from './migrate.ts';
export { DbOpenError, openDatabase, PRAGMAS, SYNCHRONOUS, type SynchronousLevel } from './open.ts';
export { bumpDataVersion, dataVersion, getSetting, setSetting } from './settings.ts';
export {
  createWalGuard,
  WAL_GUARD_LIMIT,
  type WalGuardOptions,
  walBytes,
  yieldToCheckpoint,
} from './wal-guard.ts';
