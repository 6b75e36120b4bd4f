import { parseArgs } from 'node:util';
import { renderReplyText } from '../console/render-text.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/ports.js';
import { UsageError, type CliIo } from './cli-io.js';
import { consoleChannel } from '../console/console-session.js';
import { openCore } from './open-core.js';
import { throughRunningPaperboy } from './through-running.js';

/** paperboy paper <arXiv id or URL> [--json] */
export async function runPaperCommand(args: string[], config: Config, logger: Logger, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('paper needs one arXiv id or URL, e.g. paperboy paper 2602.23229');
  let core;
  try {
    core = await openCore(config, logger);
  } catch (error) {
    // Beside a running Paperboy on the embedded database: ask it (its own text format only).
    const forwarded = values.json ? undefined : await throughRunningPaperboy(error, config, `/papers paper ${positionals[0]!}`, io);
    if (forwarded !== undefined) return forwarded;
    throw error;
  }
  try {
    const reply = await core.commands.run(
      { name: 'paper', id: positionals[0]! },
      { channel: consoleChannel, caller: { id: 'local' }, canManage: false },
    );
    if (reply.error) {
      io.err(renderReplyText(reply));
      return reply.error.code === 'usage' ? 2 : 1;
    }
    const paper = reply.papers?.[0]?.paper;
    io.out(values.json && paper ? JSON.stringify(paper) : renderReplyText(reply));
    return 0;
  } finally {
    await core.database.close();
  }
}
