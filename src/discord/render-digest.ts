import type { APIEmbed } from 'discord.js';
import { cardReason, digestHeadline, type Digest } from '../core/digest/digest.js';
import { buttonRows, cardButtons, CARDS_PER_MESSAGE } from './buttons.js';
import { fitEscaped, fitPlain } from './markdown.js';
import { embedLength, limits, packEmbeds } from './message-limits.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { paperCard } from './render-paper.js';

// A digest becomes a header message (the headline, which may open a thread) and as many card
// messages as the limits need: a long digest is split, never rejected.

export interface RenderedDigest {
  header: OutgoingMessage;
  /** Name for the thread opened on the header, when the channel wants one. */
  threadName: string;
  cards: OutgoingMessage[];
}

export function renderDigest(digest: Digest): RenderedDigest {
  const headline = digestHeadline(digest);
  const lines = [`**${fitEscaped(headline, limits.content - 200)}**`];
  if (digest.papers.length === 0) lines.push('No new papers matched the topics of this channel.');
  return {
    header: { content: lines.join('\n'), embeds: [], components: [] },
    threadName: fitPlain(headline, limits.threadName),
    cards: digestCardMessages(digest),
  };
}

/** The cards of a digest, numbered in rank order, packed into messages with their buttons. */
export function digestCardMessages(digest: Digest): OutgoingMessage[] {
  const cards = digest.papers.map((entry, i) => ({
    id: entry.paper.id,
    number: i + 1,
    embed: paperCard(entry.paper, { number: i + 1, upvotes: entry.upvotes, matchedTopics: entry.matchedTopics, reason: cardReason(entry) }),
  }));
  return cardMessages(cards);
}

export interface NumberedCard {
  id: string;
  /** The number shown in the card's title and on its "More like #n" button. */
  number: number;
  embed: APIEmbed;
}

/** Packs numbered cards into messages; each message carries 👍/👎/"More like #n" for its own cards. */
export function cardMessages(cards: NumberedCard[]): OutgoingMessage[] {
  return packEmbeds(cards, (c) => embedLength(c.embed), CARDS_PER_MESSAGE).map((group) => ({
    embeds: group.map((c) => c.embed),
    components: buttonRows(cardButtons(group)),
  }));
}
