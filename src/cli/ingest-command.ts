import { parseArgs } from 'node:util';
import { clockStartingAt, systemClock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { IngestDayResult } from '../core/ingest/ingestor.js';
import type { Logger } from '../core/ports.js';
import { UsageError, requireDay, type CliIo } from './cli-io.js';
import { openCore } from './open-core.js';
import { progressBar } from './progress.js';

/** paperboy ingest [--date D | --from D1 --to D2 | --file PATH [--date D]] */
export async function runIngestCommand(args: string[], config: Config, logger: Logger, io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { date: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, file: { type: 'string' } },
    allowPositionals: false,
  });
  const date = requireDay(values.date, '--date');
  const from = requireDay(values.from, '--from');
  const to = requireDay(values.to, '--to');
  if ((from === undefined) !== (to === undefined)) throw new UsageError('--from and --to go together');
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (from !== undefined && (date !== undefined || values.file !== undefined)) {
    throw new UsageError('use either --from/--to, or --date, or --file [--date]');
  }
  // Hugging Face answers a day that has not come yet with an empty list: "0 stored" and exit 0
  // would read as success. A file may carry any date, so --file is left alone.
  const today = (config.PAPERBOY_CLOCK_START ? clockStartingAt(config.PAPERBOY_CLOCK_START) : systemClock)().toISOString().slice(0, 10);
  for (const [flag, day] of [['--date', values.file === undefined ? date : undefined], ['--to', to]] as const) {
    if (day !== undefined && day > today) {
      throw new UsageError(`${flag} ${day} is in the future: Daily Papers has days up to today, ${today} (UTC)`);
    }
  }

  const core = await openCore(config, logger);
  try {
    if (values.file !== undefined) {
      const result = await core.ingest.ingestFile(values.file, date);
      if (!result.ok) {
        io.err(`Could not ingest ${values.file}: ${result.error ?? 'unknown error'}`);
        return 1;
      }
      io.out(`Ingested ${values.file}${result.days.length ? ` (${result.days.join(', ')})` : ''}: ${result.stored} stored, ${result.updated} updated, ${result.skipped} skipped.`);
      return 0;
    }
    let results: IngestDayResult[];
    if (from !== undefined && to !== undefined) {
      const bar = io.isTTY ? progressBar(io.stdout, 'Ingesting') : undefined;
      results = await core.ingest.ingestRange(from, to, (done, total, last) => bar?.update(done, total, last.day));
      bar?.done();
    } else if (date !== undefined) {
      results = [await core.ingest.ingestDay(date)];
    } else {
      results = await core.ingest.tick();
    }
    const stored = results.reduce((n, r) => n + r.stored, 0);
    const updated = results.reduce((n, r) => n + r.updated, 0);
    const skipped = results.reduce((n, r) => n + r.skipped, 0);
    const failed = results.filter((r) => !r.ok);
    for (const f of failed) io.err(`${f.day}: ${f.error ?? 'failed'}`);
    const days = results.length === 1 ? results[0]!.day : `${results.length} days`;
    io.out(`Ingested ${days} from ${config.HF_API_URL}: ${stored} stored, ${updated} updated, ${skipped} skipped${failed.length ? `, ${failed.length} day(s) failed` : ''}.`);
    // Non-zero only when nothing at all could be read.
    return failed.length === results.length ? 1 : 0;
  } finally {
    await core.database.close();
  }
}
