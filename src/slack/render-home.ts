import { formatWeekdays, type ChannelSettings } from '../core/channel.js';
import { limits, type Block } from './block-limits.js';
import { isImId } from './direct-messages.js';
import { channelMention, clip, escapeMrkdwn } from './mrkdwn.js';

// The App Home tab: this workspace's subscribed channels, their topics and next digest.

export type HomeChannel = ChannelSettings & { topics: string[]; nextDigestAt: Date | null };

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/** Whether the list is every subscribed channel, only the viewer's, or none (membership unknown). */
export type HomeScope = 'all' | 'some-hidden' | 'unknown';

const scopeNotes: Record<HomeScope, string | null> = {
  all: null,
  'some-hidden': 'Only channels you are in are listed here.',
  unknown:
    'Your channels cannot be listed: Paperboy needs the channels:read and groups:read scopes. A workspace admin can reinstall the app from its manifest (slack/manifest.json).',
};

export function renderHome(channels: HomeChannel[], scope: HomeScope = 'all'): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Paperboy', emoji: true } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Daily research papers from Hugging Face Daily Papers, filtered by the topics each channel follows. In a channel, type `/papers subscribe diffusion` to start, or `/papers help` for every command. For a digest of your own, type the same in the Messages tab here.',
      },
    },
    { type: 'divider' },
  ];
  const note = scopeNotes[scope];
  if (note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });
  if (channels.length === 0) {
    if (scope !== 'unknown') {
      const none = scope === 'all' ? 'No channel here follows a topic yet.' : 'None of your channels follows a topic yet.';
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: none } });
    }
    return { type: 'home', blocks };
  }
  // Two blocks per channel; keep room for the "more" line under Slack's 100 blocks a view.
  const maxChannels = Math.floor((limits.blocksPerView - blocks.length - 1) / 2);
  for (const channel of channels.slice(0, maxChannels)) {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: clip(channelLine(channel), limits.sectionText) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: scheduleLine(channel) }] },
    );
  }
  if (channels.length > maxChannels) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${channels.length - maxChannels} more channels.` }] });
  }
  return { type: 'home', blocks };
}

function channelLine(channel: HomeChannel): string {
  const topics = channel.topics.length > 0 ? channel.topics.map((t) => `\`${escapeMrkdwn(t)}\``).join(', ') : '_every paper_';
  // The only IM a Home tab ever lists is the viewer's own with the app.
  const where = isImId(channel.channelId) ? 'Your digest in Messages' : channelMention(channel.channelId);
  return `*${where}*\nTopics: ${topics}`;
}

function scheduleLine(channel: HomeChannel): string {
  const when = `${channel.digestTime} ${escapeMrkdwn(channel.timezone)}, ${formatWeekdays(channel.weekdays)}`;
  if (channel.paused) {
    const why = channel.pausedReason ? `: ${escapeMrkdwn(clip(channel.pausedReason, 300))}` : '';
    return `:double_vertical_bar: Paused${why} · ${when}`;
  }
  const next = channel.nextDigestAt ? ` · next digest <!date^${Math.floor(channel.nextDigestAt.getTime() / 1000)}^{date_short_pretty} at {time}|${channel.nextDigestAt.toISOString()}>` : '';
  return `:calendar: ${when}${next}`;
}
