import type { Affinity } from './affinity.js';

// Re-ranking a day's listings with what a channel's votes taught: pure, so the rule is tested
// without a database. Upvotes stay the baseline: with no affinity every paper keeps its place;
// affinity moves papers like the liked ones up and papers like the disliked ones down, and a paper
// much more like the disliked papers than the liked ones, close to none of the liked, drops out.

/** How much the day's upvotes weigh against affinity (both scaled to at most 1 within the day). */
export const UPVOTE_WEIGHT = 0.2;
/** Affinity's share from the log-odds (`evidence`); the rest from closeness to the liked centroid. */
export const EVIDENCE_SHARE = 0.5;
/** Dislikes weigh less than likes: members dislike most cards they see, so dislikes are many and vague. */
export const DISLIKE_WEIGHT = 0.5;
/** A paper whose scaled affinity is at or below minus this, close to no liked paper, is dropped. */
export const DROP_BELOW = 0.8;

export interface Ranked {
  paperId: string;
  upvotes: number;
}

/** Listings best first for a channel with votes; `ranked` is in upvote order (rankListings). */
export function rerankByVotes<T extends Ranked>(ranked: T[], learned: ReadonlyMap<string, Affinity>): T[] {
  if (learned.size === 0) return ranked;
  // Each signal scaled to at most 1 within the day, then blended.
  const closeness = (a: Affinity | undefined) => (a ? a.liked - DISLIKE_WEIGHT * a.disliked : 0);
  const evidence = (a: Affinity | undefined) => a?.evidence ?? 0;
  const spanOf = (f: (a: Affinity | undefined) => number) => Math.max(1e-9, ...ranked.map((l) => Math.abs(f(learned.get(l.paperId)))));
  const closenessSpan = spanOf(closeness);
  const evidenceSpan = spanOf(evidence);
  const raw = (a: Affinity | undefined) =>
    (1 - EVIDENCE_SHARE) * (closeness(a) / closenessSpan) + EVIDENCE_SHARE * (evidence(a) / evidenceSpan);
  const span = Math.max(1e-9, ...ranked.map((l) => Math.abs(raw(learned.get(l.paperId)))));
  const top = Math.log1p(Math.max(0, ...ranked.map((l) => l.upvotes)));
  const scored = ranked.flatMap((listing, position) => {
    const a = learned.get(listing.paperId);
    const affinity = raw(a) / span;
    if (a && a.closeLiked === 0 && affinity <= -DROP_BELOW) return [];
    const upvotes = top > 0 ? Math.log1p(Math.max(0, listing.upvotes)) / top : 0;
    return [{ listing, score: affinity + UPVOTE_WEIGHT * upvotes, position }];
  });
  scored.sort((x, y) => y.score - x.score || x.position - y.position);
  return scored.map((s) => s.listing);
}
