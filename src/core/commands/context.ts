import type { ChannelRef } from '../channel.js';
import type { Command } from './command.js';
import type { Reply } from './reply.js';

/** Who typed a command, where, and whether the platform lets them manage that channel. */
export interface CommandContext {
  channel: ChannelRef;
  caller: { id: string; name?: string };
  /** Decided by the adapter from platform permissions (Discord Manage Channels, Slack policy). */
  canManage: boolean;
  /**
   * false where the platform has no threads for a digest (a Discord DM): `set thread on` is refused
   * there rather than stored to no effect. Absent means threads are available.
   */
  threads?: boolean;
}

/** What adapters call: runs a command for a caller and always resolves to a Reply. */
export interface CommandRunner {
  /** Runs an already structured command (validated again inside). */
  run(command: Command, context: CommandContext): Promise<Reply>;
  /** Parses the text after `/papers` and runs it. */
  runText(text: string, context: CommandContext): Promise<Reply>;
}
