import { percentile, round } from './stats.js';

// Known-item metrics: Hits@1 and Hits@10 (the paper is first / in the top ten) and MRR@10 (the
// mean of 1/rank, 0 past ten), with the latency of the searches that produced them.

export interface Outcome {
  /** 1-based rank of the target in the top ten, or null. */
  rank: number | null;
  ms: number;
  /** Whether the target is older than six months at the benchmark's date. */
  old: boolean;
}

export interface Summary {
  queries: number;
  hits_at_1: number;
  hits_at_10: number;
  mrr_at_10: number;
  old_targets: number;
  old_found_at_10: number;
  p50_ms: number;
  p95_ms: number;
}

export function summarize(outcomes: Outcome[]): Summary {
  const n = Math.max(outcomes.length, 1);
  const old = outcomes.filter((o) => o.old);
  const share = (count: number, of: number): number => Math.round((count / Math.max(of, 1)) * 1000) / 1000;
  return {
    queries: outcomes.length,
    hits_at_1: share(outcomes.filter((o) => o.rank === 1).length, n),
    hits_at_10: share(outcomes.filter((o) => o.rank !== null).length, n),
    mrr_at_10: share(outcomes.reduce((sum, o) => sum + (o.rank === null ? 0 : 1 / o.rank), 0), n),
    old_targets: old.length,
    old_found_at_10: share(old.filter((o) => o.rank !== null).length, old.length),
    p50_ms: round(percentile(outcomes.map((o) => o.ms), 50)),
    p95_ms: round(percentile(outcomes.map((o) => o.ms), 95)),
  };
}

export function rankOf(ids: string[], target: string): number | null {
  const at = ids.slice(0, 10).indexOf(target);
  return at === -1 ? null : at + 1;
}
