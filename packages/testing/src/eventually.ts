/** Polls `probe` every 100 ms until it answers something truthy, or fails naming `what` after `deadlineMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, deadlineMs = 120_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
