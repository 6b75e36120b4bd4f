import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChannelRef } from '../core/channel.js';
import { managingCommands, type CommandName } from '../core/commands/command.js';
import type { CommandRunner } from '../core/commands/context.js';
import { parseCommandText } from '../core/commands/parse.js';
import { renderReplyText } from './render-text.js';
import { createTerminalScreen, type TerminalScreen } from './terminal-screen.js';

export const consoleChannel: ChannelRef = { platform: 'console', workspaceId: 'local', channelId: 'console' };

export interface ConsoleSessionOptions {
  commands: CommandRunner;
  input: Readable;
  output: Writable;
  /** An interactive terminal: a prompt, and a slow command does not hold up the next one. */
  prompt?: boolean;
  /** Where replies are printed; one is made on `output` when absent (start shares it with the logger). */
  screen?: TerminalScreen;
}

const context = { channel: consoleChannel, caller: { id: 'local', name: 'you' }, canManage: true };

/**
 * Reads `/papers ...` lines and prints the replies, as the channel `console` whose user manages it.
 * Resolves when the input ends or the user types exit, once every command typed has answered.
 *
 * Piped input runs one line after another, so a script reads its own writes in order. At a
 * terminal a person types on while a look-up waits for Hugging Face: each command starts at once
 * and its reply prints when ready; it waits only for the changes typed before it (subscribe,
 * schedule...), so what it reads is never older than what was typed.
 */
export function runConsoleSession(options: ConsoleSessionOptions): Promise<void> {
  const { commands } = options;
  const interactive = options.prompt === true;
  const screen = options.screen ?? createTerminalScreen(options.output, interactive);
  const rl = createInterface({ input: options.input, output: interactive ? options.output : undefined, terminal: interactive });
  screen.attach(rl);
  let lastChange: Promise<unknown> = Promise.resolve();
  let everything: Promise<unknown> = Promise.resolve();
  const pending = new Set<Promise<unknown>>();
  screen.prompt();
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      const text = line.trim();
      if (text === '') return screen.prompt();
      if (/^(exit|quit|\/exit|\/quit)$/i.test(text)) {
        rl.close();
        return;
      }
      const parsed = parseCommandText(text);
      const changes = parsed.ok && managingCommands.has(parsed.command.name as CommandName);
      const after = interactive ? lastChange : everything;
      const job = after.then(async () => screen.print(renderReplyText(await commands.runText(text, context))));
      everything = job;
      if (changes) lastChange = job;
      pending.add(job);
      void job.finally(() => pending.delete(job));
      if (interactive) screen.prompt();
    });
    rl.on('close', () => {
      void Promise.allSettled([...pending]).then(() => resolve());
    });
  });
}
