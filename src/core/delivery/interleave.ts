/**
 * Reorders items round-robin across their groups (first of each group, then the second of each, ...),
 * keeping the order within a group. Deliveries are interleaved by workspace so that the concurrent
 * lanes of a fan-out spread over workspaces instead of all waiting on one workspace's rate limit.
 */
export function interleaveBy<T>(items: T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const lists = [...groups.values()];
  const out: T[] = [];
  for (let round = 0; out.length < items.length; round++) {
    for (const list of lists) {
      const item = list[round];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}
