import type { ChannelRef } from '../channel.js';
import type { Paper } from '../papers/paper.js';
import { formatDay, formatPeriod, type Period } from './period.js';

export { formatDay };

// The plain data model of a digest. Adapters render it; nothing here knows a platform.

export interface DigestPaper {
  paper: Paper;
  /** Upvotes the digest ranks by: the day's listing for a daily digest, the store's latest count for a week or month. */
  upvotes: number;
  /** The channel's topics (as typed) that matched this paper; empty when the channel follows everything. */
  matchedTopics: string[];
  /** Papers the channel liked (by its votes) that are close to this one; absent when it has no votes. */
  closeLiked?: number;
}

/**
 * Why a card is in the digest, in plain words for adapters to render:
 * "matched diffusion; close to 3 papers this channel liked". Empty when there is nothing to say.
 */
export function cardReason(entry: Pick<DigestPaper, 'matchedTopics' | 'closeLiked'>): string {
  const parts: string[] = [];
  if (entry.matchedTopics.length > 0) parts.push(`matched ${entry.matchedTopics.join(', ')}`);
  const liked = entry.closeLiked ?? 0;
  if (liked > 0) parts.push(`close to ${liked} paper${liked === 1 ? '' : 's'} this channel liked`);
  return parts.join('; ');
}

export interface Digest {
  channel: ChannelRef;
  /** The (last) UTC day of papers this digest covers, YYYY-MM-DD. */
  day: string;
  /** A weekly or monthly digest's days; absent for a daily digest (it covers `day`). */
  period?: Period;
  /** The channel's topics as typed; empty means every listed paper. */
  topics: string[];
  papers: DigestPaper[];
  /** True for `/papers digest` previews: nothing is recorded as delivered. */
  preview: boolean;
}

/** "27 Nov 2026", or a weekly or monthly digest's days ("21-27 Nov 2026", "November 2026"). */
export function digestDays(digest: Pick<Digest, 'day' | 'period'>): string {
  return digest.period ? formatPeriod(digest.period) : formatDay(digest.day);
}

const kindWords = { day: 'Daily', week: 'Weekly', month: 'Monthly' } as const;

/** "Daily Papers, 27 Nov 2026: 8 papers on diffusion, quantization"; "Weekly Papers, 21-27 Nov 2026: ..." */
export function digestHeadline(digest: Digest, maxTopicsShown = 5): string {
  const count = digest.papers.length;
  const noun = count === 1 ? 'paper' : 'papers';
  const base = `${kindWords[digest.period?.kind ?? 'day']} Papers, ${digestDays(digest)}: ${count} ${noun}`;
  if (digest.topics.length === 0) return base;
  const matched = new Set(digest.papers.flatMap((p) => p.matchedTopics));
  const shown = digest.topics.filter((t) => matched.has(t));
  const list = shown.length > 0 ? shown : digest.topics;
  const head = list.slice(0, maxTopicsShown).join(', ');
  const more = list.length > maxTopicsShown ? ` and ${list.length - maxTopicsShown} more` : '';
  return `${base} on ${head}${more}`;
}
