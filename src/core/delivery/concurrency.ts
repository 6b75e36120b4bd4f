/**
 * Runs `work` over items with at most `limit` in flight, in order of the list. A rejected item goes
 * to `onError` and the lane goes on: one bad item never stops the rest, and none is lost silently.
 */
export async function mapWithConcurrency<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
  onError: (item: T, error: unknown) => void,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => onError(item, error));
    }
  });
  await Promise.all(lanes);
}
