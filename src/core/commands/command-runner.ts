import { isStoreUnavailable } from '../db/store-errors.js';
import { ErrorCode, PaperboyError } from '../errors.js';
import { managingCommands, type Command } from './command.js';
import type { CommandContext, CommandRunner } from './context.js';
import type { CommandDeps } from './deps.js';
import { handlePaper, handleSearch, handleSimilar } from './handle-papers.js';
import { handlePause, handleSchedule, handleSet } from './handle-settings.js';
import { handleDigestPreview } from './handle-digest.js';
import { handleHelp, handleStatus } from './handle-status.js';
import { handleTop } from './handle-top.js';
import { handleForgetVotes, handleVote } from './handle-votes.js';
import { handleSubscribe, handleTopics, handleUnsubscribe } from './handle-topics.js';
import { parseCommandText, validateCommand } from './parse.js';
import { errorReply, type Reply } from './reply.js';

const storeUnavailable = () =>
  errorReply(ErrorCode.StoreUnavailable, 'The paper store is unavailable right now (its database does not answer). Please try again in a minute.');

/** The one entry point adapters call. Every path ends in a Reply; unexpected errors are logged, never thrown. */
export function createCommandRunner(deps: CommandDeps): CommandRunner {
  async function dispatch(command: Command, context: CommandContext): Promise<Reply> {
    if (managingCommands.has(command.name) && !context.canManage) {
      return errorReply(
        ErrorCode.Forbidden,
        `Only people who can manage this channel may ${forbiddenWhat(command.name)}. Anyone can search: /papers search <query>.`,
      );
    }
    switch (command.name) {
      case 'search':
        return handleSearch(command, context, deps);
      case 'similar':
        return handleSimilar(command, context, deps);
      case 'paper':
        return handlePaper(command, context, deps);
      case 'subscribe':
        return handleSubscribe(command, context, deps);
      case 'unsubscribe':
        return handleUnsubscribe(command, context, deps);
      case 'topics':
        return handleTopics(command, context, deps);
      case 'schedule':
        return handleSchedule(command, context, deps);
      case 'set':
        return handleSet(command, context, deps);
      case 'pause':
      case 'resume':
        return handlePause(command, context, deps);
      case 'status':
        return handleStatus(command, context, deps);
      case 'digest':
        return handleDigestPreview(command, context, deps);
      case 'top':
        return handleTop(command, context, deps);
      case 'vote':
        return handleVote(command, context, deps);
      case 'forget-votes':
        return handleForgetVotes(command, context, deps);
      case 'help':
        return handleHelp(command);
    }
  }

  async function guarded(command: Command, context: CommandContext): Promise<Reply> {
    const started = Date.now();
    let ok = true;
    try {
      return await withinDeadline(dispatch(command, context), command);
    } catch (error) {
      if (error instanceof PaperboyError) return errorReply(error.code, error.message);
      ok = false;
      if (isStoreUnavailable(error)) {
        deps.logger.warn('command failed: the database is unavailable', { command: command.name, platform: context.channel.platform, error });
        return storeUnavailable();
      }
      deps.logger.error('command failed', { command: command.name, platform: context.channel.platform, error });
      return errorReply(ErrorCode.Internal, 'Something went wrong on our side while running that command. It was logged; please try again in a minute.');
    } finally {
      const ms = Date.now() - started;
      deps.logger.debug('command', { command: command.name, platform: context.channel.platform, ms });
      deps.metrics?.commandHandled(context.channel.platform, command.name, ms, ok);
    }
  }

  /**
   * A command still running at the deadline while the database does not answer a probe either is
   * answered now: the user hears that the store is down instead of waiting on a connection that
   * may take many seconds to fail. A slow command on a healthy store is left to finish.
   */
  async function withinDeadline(work: Promise<Reply>, command: Command): Promise<Reply> {
    const probe = deps.probeStore;
    if (!probe) return work;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), deps.commandDeadlineMs ?? 2000)));
    try {
      const first = await Promise.race([work, deadline]);
      if (first !== 'deadline') return first;
    } finally {
      clearTimeout(timer);
    }
    const healthy = await Promise.race([
      probe().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500).unref()),
    ]);
    if (healthy) return work;
    // The abandoned work may still fail later; that is expected and not worth a second report.
    work.catch((error: unknown) => deps.logger.debug('command finished after its answer', { command: command.name, error }));
    deps.logger.warn('command answered at its deadline: the database does not answer', { command: command.name });
    return storeUnavailable();
  }

  return {
    async run(command, context) {
      const checked = validateCommand(command);
      if (!checked.ok) return checked.reply;
      return guarded(checked.command, context);
    },
    async runText(text, context) {
      const parsed = parseCommandText(text);
      if (!parsed.ok) return parsed.reply;
      return guarded(parsed.command, context);
    },
  };
}

function forbiddenWhat(name: Command['name']): string {
  if (name === 'subscribe' || name === 'unsubscribe') return 'change its topics';
  if (name === 'forget-votes') return "reset what its votes taught its digest";
  return 'change its digest settings';
}
