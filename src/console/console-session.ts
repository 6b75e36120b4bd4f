import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChannelRef } from '../core/channel.js';
import type { CommandRunner } from '../core/commands/context.js';
import { renderReplyText } from './render-text.js';

export const consoleChannel: ChannelRef = { platform: 'console', workspaceId: 'local', channelId: 'console' };

export interface ConsoleSessionOptions {
  commands: CommandRunner;
  input: Readable;
  output: Writable;
  /** Shown before each line when the input is a terminal. */
  prompt?: boolean;
}

/**
 * Reads `/papers ...` lines and prints the replies, as the channel `console` whose user manages it.
 * Resolves when the input ends or the user types exit.
 */
export function runConsoleSession(options: ConsoleSessionOptions): Promise<void> {
  const { commands, output } = options;
  const rl = createInterface({ input: options.input, terminal: false });
  const write = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  const prompt = () => {
    if (options.prompt) output.write('papers> ');
  };
  let queue = Promise.resolve();
  prompt();
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        const text = line.trim();
        if (text === '') return prompt();
        if (/^(exit|quit|\/exit|\/quit)$/i.test(text)) {
          rl.close();
          return;
        }
        const reply = await commands.runText(text, {
          channel: consoleChannel,
          caller: { id: 'local', name: 'you' },
          canManage: true,
        });
        write(renderReplyText(reply));
        prompt();
      });
    });
    rl.on('close', () => {
      void queue.then(() => resolve());
    });
  });
}
