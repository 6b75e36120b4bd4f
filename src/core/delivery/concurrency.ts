/** Runs `work` over items with at most `limit` in flight, in order of the list; never rejects early. */
export async function mapWithConcurrency<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch {
        // Each item records its own failure; one bad item never stops the rest.
      }
    }
  });
  await Promise.all(lanes);
}
