import type { APIActionRowComponent, APIButtonComponent, APIEmbed, MessageMentionOptions } from 'discord.js';

// A message as the renderers produce it, independent of how it is sent: as a channel message over
// REST (digests) or through discord.js interaction methods (replies). Both senders add the
// no-mentions rule, so no path can forget it.

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export interface OutgoingMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
}

/** Nobody is pinged, whatever a paper title or a topic contains (`@everyone`, `<@id>`, `<@&role>`). */
export const noMentions: MessageMentionOptions = { parse: [] };

/** JSON body for POST /channels/{id}/messages. */
export function toChannelBody(message: OutgoingMessage) {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components,
    allowed_mentions: { parse: [] },
  };
}

/** Options for interaction.reply / editReply / followUp / update. */
export function toInteractionOptions(message: OutgoingMessage) {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components,
    allowedMentions: noMentions,
  };
}
