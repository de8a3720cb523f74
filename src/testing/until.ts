/**
 * Waits until `ok()` holds (it may be async), polling every `everyMs`, or fails naming `what`.
 * @example await until('the webhook', () => hook.got.length === 1);
 */
export async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  ms = 10_000,
  everyMs = 25,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(everyMs);
  }
}
