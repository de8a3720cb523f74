/** When scheduled backups run: every N hours, or once a day at hour:minute UTC. */
export type BackupEvery =
  | { readonly everyHours: number }
  | { readonly dailyAt: { readonly hour: number; readonly minute: number } };

/**
 * Parses BACKUP_EVERY: `HH:MM` (daily, UTC) or `Nh` (every N hours, 1–168); null when neither.
 * @example parseBackupEvery('03:30') // { dailyAt: { hour: 3, minute: 30 } }
 * @example parseBackupEvery('6h') // { everyHours: 6 }
 */
export function parseBackupEvery(raw: string): BackupEvery | null {
  const v = raw.trim().toLowerCase();
  const daily = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (daily) {
    const hour = Number(daily[1]);
    const minute = Number(daily[2]);
    return hour < 24 && minute < 60 ? { dailyAt: { hour, minute } } : null;
  }
  const hours = /^(\d{1,3})h$/.exec(v);
  if (hours) {
    const n = Number(hours[1]);
    return n >= 1 && n <= 168 ? { everyHours: n } : null;
  }
  return null;
}
