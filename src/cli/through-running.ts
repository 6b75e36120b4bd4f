import { resolve } from 'node:path';
import { askLocalCommands } from '../console/local-commands.js';
import type { Config } from '../core/config.js';
import type { CliIo } from './cli-io.js';

/**
 * When a running Paperboy holds the embedded database, asks it to run `text` (a /papers line)
 * and prints its answer. Returns the exit code, or undefined when there is nobody to ask (then the
 * caller reports the busy folder as usual).
 */
export async function throughRunningPaperboy(error: unknown, config: Config, text: string, io: CliIo): Promise<number | undefined> {
  if ((error as Error)?.name !== 'DataDirBusyError' || config.DATABASE_URL) return undefined;
  const answer = await askLocalCommands(resolve(config.PAPERBOY_DATA_DIR), text);
  if (!answer) return undefined;
  if (answer.failed) {
    io.err(answer.text);
    return answer.usage ? 2 : 1;
  }
  io.out(answer.text);
  return 0;
}
