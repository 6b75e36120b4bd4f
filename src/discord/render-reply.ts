import type { APIEmbed } from 'discord.js';
import type { Reply } from '../core/commands/reply.js';
import { cardReason, digestHeadline } from '../core/digest/digest.js';
import { buttonRows, cardButtons, encodeButton, pagingButtons, type Button } from './buttons.js';
import { fitEscaped } from './markdown.js';
import { embedLength, limits, packEmbeds } from './message-limits.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { paperCard } from './render-paper.js';

// A core Reply becomes one or more messages: a summary embed (title, text, fields, usage), then the
// paper cards it carries. The first message also carries paging and suggestion buttons, because a
// button click can only replace the message it sits on.

const colors = { info: 0x5865f2, error: 0xed4245 } as const;

export function renderReply(reply: Reply): OutgoingMessage[] {
  const cards = replyCards(reply);
  const summary = summaryEmbed(reply, cards.length > 0);
  const groups = packEmbeds<{ embed: APIEmbed; card?: { id: string; number: number } }>(
    [...(summary ? [{ embed: summary }] : []), ...cards],
    (item) => embedLength(item.embed),
    // A summary and up to six cards: their buttons take four rows, paging and suggestions the fifth.
    7,
  );
  const extra = [...(reply.paging ? pagingButtons(reply.paging) : []), ...suggestionButtons(reply)];
  return groups.map((group, index) => {
    const own = group.flatMap((item) => (item.card ? [item.card] : []));
    // Card buttons take rows 1-4, paging and suggestions a row of their own.
    const rows = buttonRows(cardButtons(own));
    if (index === 0 && extra.length > 0) rows.push(...buttonRows(extra));
    return { embeds: group.map((item) => item.embed), components: rows.slice(0, limits.actionRowsPerMessage) };
  });
}

/** The reply's own words; null when it has none and cards carry the answer (a `paper` lookup). */
function summaryEmbed(reply: Reply, hasCards: boolean): APIEmbed | null {
  const embed: APIEmbed = { color: reply.error ? colors.error : colors.info };
  if (reply.title) embed.title = fitEscaped(reply.title, limits.title);
  const lines: string[] = [];
  if (reply.text.trim() !== '') lines.push(reply.text);
  if (reply.digest) lines.push(digestHeadline(reply.digest));
  const pagingHint = reply.paging ? unreachablePageHint(reply) : undefined;
  if (pagingHint) lines.push(pagingHint);
  const description = fitEscaped(lines.join('\n'), limits.description);
  if (description !== '') embed.description = description;
  const fields = (reply.fields ?? [])
    .filter((f) => f.label.trim() !== '' && f.value.trim() !== '')
    .slice(0, limits.fieldsPerEmbed - 1)
    .map((f) => ({ name: fitEscaped(f.label, limits.fieldName), value: fitEscaped(f.value, limits.fieldValue), inline: f.value.length <= 40 }));
  if (reply.error?.usage) {
    // Inside a code span nothing is markdown; only a backtick would end it.
    const usage = reply.error.usage.replace(/`/g, "'").slice(0, limits.fieldValue - 2);
    fields.push({ name: 'Usage', value: `\`${usage}\``, inline: false });
  }
  if (fields.length > 0) embed.fields = fields;
  if (!embed.title && !embed.description && !embed.fields) {
    if (hasCards) return null;
    embed.description = reply.error ? 'Something went wrong.' : 'Done.';
  }
  return embed;
}

function replyCards(reply: Reply): { embed: APIEmbed; card: { id: string; number: number } }[] {
  if (reply.papers && reply.papers.length > 0) {
    const first = reply.paging ? (reply.paging.page - 1) * reply.paging.pageSize + 1 : 1;
    return reply.papers.map((hit, i) => ({
      card: { id: hit.paper.id, number: first + i },
      embed: paperCard(hit.paper, { number: first + i, matchedTopics: hit.matchedTopics ?? [] }),
    }));
  }
  if (reply.digest) {
    return reply.digest.papers.map((entry, i) => ({
      card: { id: entry.paper.id, number: i + 1 },
      embed: paperCard(entry.paper, { number: i + 1, upvotes: entry.upvotes, matchedTopics: entry.matchedTopics, reason: cardReason(entry) }),
    }));
  }
  return [];
}

function suggestionButtons(reply: Reply): Button[] {
  if (!reply.suggestTopic) return [];
  const customId = encodeButton({ kind: 'subscribe', topic: reply.suggestTopic });
  return customId ? [{ label: `Subscribe to ${reply.suggestTopic}`, customId }] : [];
}

/** When the query is too long for a button, say how to reach the next page by hand. */
function unreachablePageHint(reply: Reply): string | undefined {
  const paging = reply.paging;
  if (!paging?.hasMore) return undefined;
  const hasNext = pagingButtons(paging).some((b) => b.label.startsWith('Next'));
  return hasNext ? undefined : `More results: run the command again with page ${paging.page + 1}.`;
}
