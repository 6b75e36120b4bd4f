// What the fake Slack knows (workspaces, users, channels, tokens) and what it recorded.

export interface FakeUser {
  id: string;
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isRestricted?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  isArchived?: boolean;
  /** Whether the bot is a member; chat.postMessage answers not_in_channel when false. */
  botIsMember?: boolean;
  /** A private channel: users.conversations lists it only where the bot is a member too. */
  isPrivate?: boolean;
  /** Ids of the people in it; every user of the workspace when absent. */
  members?: string[];
}

/** The app's direct message (IM) with a person: its Messages tab, opened by conversations.open. */
export interface FakeIm {
  id: string;
  user: string;
}

export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
  users: FakeUser[];
  channels: FakeChannel[];
  /** The app's IMs with people; conversations.open adds one per person on first use. */
  ims?: FakeIm[];
  /** The app's Messages tab is turned off: posts to its IMs answer messages_tab_disabled. */
  messagesTabDisabled?: boolean;
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** The token the call carried (Authorization header or `token` param), for per-workspace assertions. */
  token: string | undefined;
  at: number;
}

export interface PostedMessage {
  ts: string;
  channel: string;
  threadTs: string | undefined;
  text: string | undefined;
  blocks: unknown[] | undefined;
  /** Message metadata ({event_type, event_payload}) as posted, if any. */
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined;
  token: string | undefined;
  teamId: string;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface PublishedView {
  userId: string;
  view: Record<string, unknown>;
  teamId: string;
}

/** What reached one channel, counted: posts, their parts (message metadata), the cards' paper ids in order. */
export interface ChannelTally {
  posts: number;
  parts: number[];
  cards: string[];
}

export interface Recording {
  calls: ApiCall[];
  posts: PostedMessage[];
  /**
   * Counting instead of keeping (benchmarks at 100,000 channels): calls and posts are not recorded,
   * each accepted post is tallied per channel here. Threads are not supported then.
   */
  tally: { calls: number; posts: number; channels: Map<string, ChannelTally> } | undefined;
  /** chat.postMessage calls refused with 429 ratelimited. */
  rateLimited: { channel: string; at: number }[];
  /** Calls refused for any other reason, with Slack's error code. */
  errors: { method: string; error: string; detail?: string }[];
  responses: ResponseUrlPost[];
  views: PublishedView[];
}

export function emptyRecording(tally = false): Recording {
  return { calls: [], posts: [], tally: tally ? { calls: 0, posts: 0, channels: new Map() } : undefined, rateLimited: [], errors: [], responses: [], views: [] };
}

/** Counts one accepted post: its part (metadata event_payload.part) and each card (an actions block's first value). */
export function tallyPost(tally: NonNullable<Recording['tally']>, post: PostedMessage): void {
  let entry = tally.channels.get(post.channel);
  if (!entry) {
    entry = { posts: 0, parts: [], cards: [] };
    tally.channels.set(post.channel, entry);
  }
  tally.posts += 1;
  entry.posts += 1;
  const part = post.metadata?.event_payload.part;
  if (typeof part === 'number') entry.parts.push(part);
  for (const block of (post.blocks ?? []) as { type?: string; elements?: { value?: unknown }[] }[]) {
    const value = block.type === 'actions' ? block.elements?.[0]?.value : undefined;
    if (typeof value === 'string') entry.cards.push(value);
  }
}

// Channel id -> channel per workspace, rebuilt when the channel list changes (a new array or length).
const channelIndex = new WeakMap<FakeChannel[], { length: number; byId: Map<string, FakeChannel> }>();

export function channelOf(workspace: FakeWorkspace, channelId: string): FakeChannel | undefined {
  let index = channelIndex.get(workspace.channels);
  if (!index || index.length !== workspace.channels.length) {
    index = { length: workspace.channels.length, byId: new Map(workspace.channels.map((c) => [c.id, c])) };
    channelIndex.set(workspace.channels, index);
  }
  return index.byId.get(channelId);
}
