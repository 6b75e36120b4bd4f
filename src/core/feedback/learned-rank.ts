import type { Affinity } from './affinity.js';

// Re-ranking a day's listings with what a channel's votes taught: pure, so the rule is tested
// without a database. Upvotes stay the baseline: with no affinity every paper keeps its place;
// affinity moves papers like the liked ones up and papers like the disliked ones down, and a paper
// close to disliked papers and to no liked one drops out.

/** How much the day's upvotes weigh against affinity (affinity is 0..1, upvotes scaled to 0..1). */
export const UPVOTE_WEIGHT = 0.15;
/** A paper this much closer to disliked than to liked papers, near no liked one, is dropped. */
export const DROP_MARGIN = 0.1;

export interface Ranked {
  paperId: string;
  upvotes: number;
}

/** Listings best first for a channel with votes; `ranked` is in upvote order (rankListings). */
export function rerankByVotes<T extends Ranked>(ranked: T[], learned: ReadonlyMap<string, Affinity>): T[] {
  if (learned.size === 0) return ranked;
  const top = Math.log1p(Math.max(0, ...ranked.map((l) => l.upvotes)));
  const scored = ranked.flatMap((listing, position) => {
    const a = learned.get(listing.paperId);
    if (a && shouldDrop(a)) return [];
    const upvotes = top > 0 ? Math.log1p(Math.max(0, listing.upvotes)) / top : 0;
    const score = (a ? a.liked - a.disliked : 0) + UPVOTE_WEIGHT * upvotes;
    return [{ listing, score, position }];
  });
  scored.sort((x, y) => y.score - x.score || x.position - y.position);
  return scored.map((s) => s.listing);
}

export function shouldDrop(a: Affinity): boolean {
  return a.closeDisliked > 0 && a.closeLiked === 0 && a.disliked - a.liked >= DROP_MARGIN;
}
