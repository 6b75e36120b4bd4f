import type { Affinity } from '../feedback/affinity.js';
import { rerankByVotes } from '../feedback/learned-rank.js';
import { normalizeTopic } from '../subscriptions/subscription-store.js';

// Choosing a digest's papers, given what the database matched: pure, so ranking rules are tested
// without a database and thousands of digests are chosen in memory from one set of matches.

export interface Listing {
  paperId: string;
  /** Upvotes seen on the day's listing. */
  upvotes: number;
}

export interface Selection {
  paperId: string;
  upvotes: number;
  /** The request's topics (as typed) that matched the paper. */
  matchedTopics: string[];
  /** Papers this channel liked that are close to this one; present when the channel has votes. */
  closeLiked?: number;
}

export interface SelectionRule {
  topics: string[];
  maxPapers: number;
  minUpvotes: number;
}

/** Listings ranked the way digests rank them: most upvotes first, then by id for a stable order. */
export function rankListings(listings: Listing[]): Listing[] {
  return [...listings].sort((a, b) => b.upvotes - a.upvotes || (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0));
}

/**
 * The day's papers for one digest: those matching any topic (all when there are none), at or above
 * the minimum upvotes, not already delivered, best first, at most maxPapers.
 * `ranked` must come from rankListings; `matches` maps a normalized topic to the ids it matched.
 * `learned` (the channel's affinities, from its votes) reorders and may drop papers; topics stay the filter.
 */
export function selectPapers(
  rule: SelectionRule,
  ranked: Listing[],
  matches: ReadonlyMap<string, ReadonlySet<string>>,
  delivered?: ReadonlySet<string>,
  learned?: ReadonlyMap<string, Affinity>,
): Selection[] {
  const max = Math.max(1, Math.min(100, Math.trunc(rule.maxPapers)));
  const topics = rule.topics.map((topic) => ({ topic, hits: matches.get(normalizeTopic(topic)) }));
  const out: Selection[] = [];
  const order = learned && learned.size > 0 ? rerankByVotes(ranked, learned) : ranked;
  for (const listing of order) {
    if (out.length >= max) break;
    if (listing.upvotes < rule.minUpvotes) continue;
    if (delivered?.has(listing.paperId)) continue;
    const matchedTopics = topics.filter((t) => t.hits?.has(listing.paperId)).map((t) => t.topic);
    if (topics.length > 0 && matchedTopics.length === 0) continue;
    const selection: Selection = { paperId: listing.paperId, upvotes: listing.upvotes, matchedTopics };
    if (learned && learned.size > 0) selection.closeLiked = learned.get(listing.paperId)?.closeLiked ?? 0;
    out.push(selection);
  }
  return out;
}
