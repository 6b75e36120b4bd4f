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

export interface Recording {
  calls: ApiCall[];
  posts: PostedMessage[];
  /** chat.postMessage calls refused with 429 ratelimited. */
  rateLimited: { channel: string; at: number }[];
  /** Calls refused for any other reason, with Slack's error code. */
  errors: { method: string; error: string; detail?: string }[];
  responses: ResponseUrlPost[];
  views: PublishedView[];
}

export function emptyRecording(): Recording {
  return { calls: [], posts: [], rateLimited: [], errors: [], responses: [], views: [] };
}
