import type { Reply } from '../core/commands/reply.js';
import { actionIds, type NextPageValue } from './action-ids.js';
import { limits, type Block } from './block-limits.js';
import { clip, escapeMrkdwn } from './mrkdwn.js';
import { renderDigest } from './render-digest.js';
import { paperCardBlocks } from './render-paper.js';

// A command Reply as a response_url payload. Replies are ephemeral unless the core or the user
// asked for public; the same blocks also serve button answers.

export interface ReplyMessage {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: Block[];
}

export function renderReply(reply: Reply, options: { forcePublic?: boolean } = {}): ReplyMessage {
  const blocks: Block[] = [];
  if (reply.title) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(reply.title, limits.headerText), emoji: true } });
  }
  // Twenty sections of 3,000 characters is far more than any reply needs; the cap keeps room for cards.
  for (const chunk of splitText(escapeMrkdwn(reply.text), limits.sectionText).slice(0, 20)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  }
  if (reply.fields && reply.fields.length > 0) {
    // Section fields: at most 10 of 2,000 characters each.
    for (let i = 0; i < reply.fields.length; i += 10) {
      blocks.push({
        type: 'section',
        fields: reply.fields.slice(i, i + 10).map((f) => ({
          type: 'mrkdwn' as const,
          text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2000),
        })),
      });
    }
  }
  if (reply.error?.usage) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Usage: \`${escapeMrkdwn(reply.error.usage)}\`` }] });
  }
  const footer = footerBlocks(reply);
  // Cards and digests fill what is left of the 50 blocks, keeping room for the footer.
  const room = () => limits.blocksPerMessage - blocks.length - footer.length - 1;
  let omitted = 0;
  for (const hit of reply.papers ?? []) {
    const card = paperCardBlocks(hit.paper, hit.matchedTopics ? { matchedTopics: hit.matchedTopics } : {});
    if (card.length + 1 > room()) {
      omitted += 1;
      continue;
    }
    blocks.push({ type: 'divider' }, ...card);
  }
  if (reply.digest) {
    // response_url cannot start a thread: a preview shows the single message, or the summary of a long one.
    const digestBlocks = renderDigest(reply.digest, { useThread: false }).main.blocks;
    if (digestBlocks.length <= room()) blocks.push(...digestBlocks);
    else omitted += reply.digest.papers.length;
  }
  if (omitted > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${omitted} more not shown here: Slack allows 50 blocks a message.` }] });
  }
  blocks.push(...footer);
  return {
    response_type: options.forcePublic || reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
    text: escapeMrkdwn(clip(reply.title ? `${reply.title}: ${reply.text}` : reply.text, limits.fallbackText)),
    blocks,
  };
}

function footerBlocks(reply: Reply): Block[] {
  const elements: { type: 'button'; text: { type: 'plain_text'; text: string }; action_id: string; value: string }[] = [];
  if (reply.paging?.hasMore) {
    const value: NextPageValue = { query: reply.paging.query, page: reply.paging.page + 1 };
    const json = JSON.stringify(value);
    if (json.length <= limits.buttonValue) {
      elements.push({ type: 'button', text: { type: 'plain_text', text: 'Next page' }, action_id: actionIds.nextPage, value: json });
    }
  }
  if (reply.suggestTopic && reply.suggestTopic.length <= limits.buttonValue) {
    elements.push({
      type: 'button',
      text: { type: 'plain_text', text: clip(`Subscribe to "${reply.suggestTopic}"`, limits.buttonText) },
      action_id: actionIds.subscribeTopic,
      value: reply.suggestTopic,
    });
  }
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

/** Splits text into pieces of at most `max` characters, at line breaks where possible, never inside an entity. */
export function splitText(text: string, max: number): string[] {
  if (text.trim() === '') return [];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    // Never split "&amp;" and friends.
    const amp = rest.lastIndexOf('&', cut);
    if (amp >= 0 && amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim() !== '') out.push(rest);
  return out;
}
