import { authorLine, cardSummary, paperLinks, type Paper } from '../core/papers/paper.js';
import { actionIds } from './action-ids.js';
import { limits, type Block } from './block-limits.js';
import { clip, escapeMrkdwn, mrkdwnLink } from './mrkdwn.js';

// One paper as Block Kit: a linked title with its summary, a context line, and buttons.

export interface CardOptions {
  /** Upvotes to show (the digest's listing count); the paper's own count otherwise. */
  upvotes?: number;
  matchedTopics?: string[];
  /** Why the card is in a digest ("matched diffusion; close to 3 papers this channel liked"). */
  reason?: string;
  /** Position in a list, shown before the title ("3."). */
  rank?: number;
  summaryChars?: number;
}

const titleChars = 250;

export function paperCardBlocks(paper: Paper, options: CardOptions = {}): Block[] {
  const links = paperLinks(paper);
  const prefix = options.rank !== undefined ? `${options.rank}. ` : '';
  const title = `*${prefix}${mrkdwnLink(links.hf, clip(paper.title, titleChars))}*`;
  const summary = escapeMrkdwn(cardSummary(paper, options.summaryChars ?? 400));
  const sectionText = clip(summary === '' ? title : `${title}\n${summary}`, limits.sectionText);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: sectionText } },
    { type: 'context', elements: contextLine(paper, options).map((text) => ({ type: 'mrkdwn' as const, text })) },
    { type: 'actions', elements: buttons(paper) },
  ];
}

function contextLine(paper: Paper, options: CardOptions): string[] {
  const upvotes = options.upvotes ?? paper.upvotes;
  const parts = [`:arrow_up_small: ${upvotes} upvote${upvotes === 1 ? '' : 's'}`];
  if (paper.organization) parts.push(`:office: ${escapeMrkdwn(clip(paper.organization, 80))}`);
  parts.push(escapeMrkdwn(clip(authorLine(paper.authors), 200)));
  if (paper.githubStars !== null && paper.githubRepo) parts.push(`:star: ${paper.githubStars}`);
  const topics = options.matchedTopics ?? [];
  if (options.reason) parts.push(`:bulb: ${escapeMrkdwn(clip(options.reason, 300))}`);
  else if (topics.length > 0) parts.push(`:label: ${escapeMrkdwn(clip(topics.join(', '), 200))}`);
  return parts.slice(0, limits.contextElements);
}

type Button = {
  type: 'button';
  text: { type: 'plain_text'; text: string };
  action_id: string;
  url?: string;
  value?: string;
};

function buttons(paper: Paper): Button[] {
  const links = paperLinks(paper);
  const out: Button[] = [
    // Votes first: they are what a reader does most, and the slice below never cuts them.
    { type: 'button', text: { type: 'plain_text', text: '👍' }, action_id: actionIds.voteUp, value: paper.id },
    { type: 'button', text: { type: 'plain_text', text: '👎' }, action_id: actionIds.voteDown, value: paper.id },
    linkButton('arXiv', 'arxiv', links.arxiv),
    linkButton('PDF', 'pdf', links.pdf),
  ];
  if (links.github) out.push(linkButton('GitHub', 'github', links.github));
  if (links.project) out.push(linkButton('Project page', 'project', links.project));
  out.push({
    type: 'button',
    text: { type: 'plain_text', text: 'More like this' },
    action_id: actionIds.similar,
    value: paper.id,
  });
  return out.slice(0, limits.actionsElements);
}

function linkButton(label: string, kind: string, url: string): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: label },
    action_id: `${actionIds.linkPrefix}${kind}`,
    // A URL over Slack's limit would make the whole message invalid; fall back to no link at all.
    ...(url.length <= limits.buttonUrl ? { url } : {}),
  };
}

/** One line for a compact list: "3. <link|Title> (42 upvotes)". */
export function paperListLine(paper: Paper, rank: number, upvotes: number): string {
  const link = mrkdwnLink(paperLinks(paper).hf, clip(paper.title, 150));
  return `${rank}. ${link} (${upvotes} :arrow_up_small:)`;
}
