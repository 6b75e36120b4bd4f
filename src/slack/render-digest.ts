import { cardReason, digestDays, digestHeadline, type Digest } from '../core/digest/digest.js';
import { limits, packGroups, type Block } from './block-limits.js';
import { clip, escapeMrkdwn } from './mrkdwn.js';
import { paperCardBlocks, paperListLine } from './render-paper.js';

// A digest as Slack messages. Short digests are one message; long ones (or channels that asked for
// threads) become a summary in the channel plus the cards in its thread, so no limit is ever hit.

export interface SlackMessage {
  /** Plain fallback for notifications and screen readers; always set. */
  text: string;
  blocks: Block[];
}

export interface DigestMessages {
  main: SlackMessage;
  /** Posted as replies to `main`, in order. */
  thread: SlackMessage[];
}

export function renderDigest(digest: Digest, options: { useThread: boolean }): DigestMessages {
  const headline = digestHeadline(digest);
  const header: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline, limits.headerText), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: coverLine(digest) }] },
  ];
  if (digest.papers.length === 0) {
    return {
      main: {
        text: headline,
        blocks: [...header, { type: 'section', text: { type: 'mrkdwn', text: digest.period ? 'No new papers matched this channel in this period.' : 'No new papers matched this channel today.' } }],
      },
      thread: [],
    };
  }
  const cards = digest.papers.map((p, i) =>
    paperCardBlocks(p.paper, { upvotes: p.upvotes, matchedTopics: p.matchedTopics, reason: cardReason(p), rank: i + 1 }),
  );
  const withDividers = cards.map((group, i) => (i === 0 ? group : [{ type: 'divider' } as Block, ...group]));
  const single = packGroups([header, ...withDividers], limits.blocksPerMessage, limits.blockCharsPerMessage);
  if (!options.useThread && single.length === 1 && single[0]) {
    return { main: { text: fallbackText(digest, headline), blocks: single[0] }, thread: [] };
  }
  const pages = packGroups(withDividers.map(stripLeadingDivider), limits.blocksPerMessage, limits.blockCharsPerMessage);
  let shown = 0;
  const thread = pages.map((blocks) => {
    const count = blocks.filter((b) => b.type === 'section').length;
    const text = `Papers ${shown + 1}-${shown + count} of ${digest.papers.length}, ${digestDays(digest)}`;
    shown += count;
    return { text, blocks };
  });
  return {
    main: { text: fallbackText(digest, headline), blocks: [...header, ...summaryBlocks(digest)] },
    thread,
  };
}

// Groups after the first start with a divider; a thread message should not open with one.
function stripLeadingDivider(group: Block[], index: number): Block[] {
  return index > 0 && group[0]?.type === 'divider' ? group.slice(1) : group;
}

function coverLine(digest: Digest): string {
  const topics = digest.topics.length > 0 ? ` · topics: ${escapeMrkdwn(clip(digest.topics.join(', '), 1000))}` : '';
  const preview = digest.preview ? ' · preview' : '';
  const when = digest.period ? `from ${digestDays(digest)}, by their latest upvotes` : `on ${digestDays(digest)}`;
  return `Papers listed on Hugging Face Daily Papers ${when}${topics}${preview}`;
}

/** The channel message of a threaded digest: as many linked titles as one section holds. */
function summaryBlocks(digest: Digest): Block[] {
  const lines: string[] = [];
  let length = 0;
  for (const [i, p] of digest.papers.entries()) {
    const line = paperListLine(p.paper, i + 1, p.upvotes);
    // Leave room for the "and N more" line.
    if (length + line.length + 1 > limits.sectionText - 100) break;
    lines.push(line);
    length += line.length + 1;
  }
  const rest = digest.papers.length - lines.length;
  if (rest > 0) lines.push(`…and ${rest} more in the thread.`);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: ':thread: Summaries and links are in the thread.' }] },
  ];
}

/** Notification text: the headline and the first titles, escaped because `text` is mrkdwn too. */
function fallbackText(digest: Digest, headline: string): string {
  const titles = digest.papers.slice(0, 3).map((p) => `• ${clip(p.paper.title, 200)}`);
  return escapeMrkdwn(clip([headline, ...titles].join('\n'), limits.fallbackText));
}
