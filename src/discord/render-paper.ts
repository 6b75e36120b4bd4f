import type { APIEmbed, APIEmbedField } from 'discord.js';
import { formatDay } from '../core/digest/digest.js';
import { authorLine, cardSummary, paperLinks, type Paper } from '../core/papers/paper.js';
import { fitEscaped } from './markdown.js';
import { limits } from './message-limits.js';

// One paper as an embed. Sizes are chosen so ten cards stay under the 6000-character message total
// most of the time; packEmbeds() splits when they do not.

/** Hugging Face orange; keeps cards recognisable in a busy channel. */
const cardColor = 0xffb000;
const summaryChars = 350;
const titleChars = 200;

export interface CardOptions {
  /** Shown before the title ("1. "), matching the "More like #1" buttons. */
  number?: number;
  /** Upvotes from the day's listing, when the card is part of a digest. */
  upvotes?: number;
  matchedTopics?: string[];
  /** Why the card is in a digest ("matched diffusion; close to 3 papers this channel liked"). */
  reason?: string;
}

export function paperCard(paper: Paper, options: CardOptions = {}): APIEmbed {
  const links = paperLinks(paper);
  const numberPrefix = options.number !== undefined ? `${options.number}. ` : '';
  const fields: APIEmbedField[] = [];
  const upvotes = options.upvotes ?? paper.upvotes;
  fields.push({ name: 'Upvotes', value: `▲ ${upvotes}`, inline: true });
  if (paper.organization) {
    fields.push({ name: 'Organization', value: fitEscaped(paper.organization, 100), inline: true });
  }
  fields.push({ name: 'Authors', value: fitEscaped(authorLine(paper.authors), 300), inline: false });
  fields.push({ name: 'Links', value: linkLine(paper, links), inline: false });
  const topics = options.matchedTopics ?? [];
  if (options.reason) {
    fields.push({ name: 'Why', value: fitEscaped(options.reason, 300), inline: false });
  } else if (topics.length > 0) {
    fields.push({ name: 'Topics', value: fitEscaped(topics.join(', '), 200), inline: false });
  }
  const embed: APIEmbed = {
    title: numberPrefix + fitEscaped(stripControl(paper.title), Math.min(titleChars, limits.title - numberPrefix.length)),
    url: links.hf,
    description: fitEscaped(cardSummary(paper, summaryChars), summaryChars + 80),
    color: cardColor,
    fields,
    footer: { text: `arXiv ${paper.id} · published ${formatDay(paper.publishedAt.toISOString().slice(0, 10))}` },
  };
  const thumbnail = httpsUrl(paper.thumbnail);
  if (thumbnail) embed.thumbnail = { url: thumbnail };
  return embed;
}

function linkLine(paper: Paper, links: ReturnType<typeof paperLinks>): string {
  const parts = [`[Hugging Face](${links.hf})`, `[arXiv](${links.arxiv})`, `[PDF](${links.pdf})`];
  if (links.github) {
    const stars = paper.githubStars !== null ? ` ★ ${paper.githubStars}` : '';
    parts.push(`[GitHub${stars}](${escapeUrl(links.github)})`);
  }
  if (links.project) parts.push(`[Project](${escapeUrl(links.project)})`);
  // Links are at most ~3000 chars only with absurd URLs; drop the optional ones rather than overflow.
  while (parts.join(' · ').length > limits.fieldValue && parts.length > 3) parts.pop();
  return parts.join(' · ');
}

/** A ")" or whitespace inside a URL would end the markdown link early; percent-encode them. */
function escapeUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

/** Newlines and control characters in a title break the card's layout. */
function stripControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function httpsUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    return new URL(value).protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}
