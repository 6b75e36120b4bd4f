import type { Digest } from '../digest/digest.js';
import type { ErrorCode } from '../errors.js';
import type { Paper } from '../papers/paper.js';

// What a command answers, as plain data. Text is plain (no markdown): adapters escape and style it.

export type Visibility = 'ephemeral' | 'public';

export interface ReplyField {
  label: string;
  value: string;
}

export interface PaperHit {
  paper: Paper;
  /** Blended search score (text rank, upvotes, recency); absent for a single-paper lookup. */
  score?: number;
  /** Topics of the channel this paper matches, when known. */
  matchedTopics?: string[];
}

export interface Paging {
  /** The command text that produced this page, e.g. "search diffusion". */
  query: string;
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface Reply {
  visibility: Visibility;
  /** Short heading, e.g. "Topics for this channel". */
  title?: string;
  /** Body text; lines separated by \n. */
  text: string;
  fields?: ReplyField[];
  papers?: PaperHit[];
  digest?: Digest;
  paging?: Paging;
  /** Set when the command failed; usage is the grammar line to show. */
  error?: { code: ErrorCode; usage?: string };
  /** A topic the user could subscribe to from here (adapters may offer a button). */
  suggestTopic?: string;
}

export function errorReply(code: ErrorCode, text: string, usage?: string): Reply {
  return { visibility: 'ephemeral', text, error: usage === undefined ? { code } : { code, usage } };
}

/** A typed text in quotes, unless it brings its own ("mixture of experts" stays as typed). */
export function quoted(text: string): string {
  return text.includes('"') ? text : `"${text}"`;
}
