import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/core/db/client.js';
import { createPgDeliveryLedger, slotsCte } from '../src/core/delivery/delivery-ledger.js';
import { freshDatabase } from './fanout-data.js';
import { postgresVersion } from './machine.js';
import { percentile, round } from './stats.js';

// `npm run bench -- claims`: what claiming one tick costs the database as channels grow. Every
// channel is due at one slot, with ten days of sent digests behind it (the ledger a running
// instance has). Two instances claim the whole tick in batches of DIGEST_CLAIM_BATCH at once, each
// on its own connection; the figures are per claim statement, plus the tick's one openDue. The
// baseline is the claim statement before issue 10's change (in this file only): each claim worked
// out every subscribed channel's slots and anti-joined the ledger, timed over a few claims.

const SLOT = '2026-07-01T09:00:00Z';
const NOW = new Date('2026-07-01T09:00:30Z');
const HISTORY_DAYS = 10;
const BATCH = 64;
const BASELINE_CLAIMS = 8;
const platforms = ['discord', 'slack'] as const;

export const claimsNotes = [
  `World: N channels (half Discord, half Slack, 500 to a workspace), all due at ${SLOT.slice(11, 16)} UTC, each with ${HISTORY_DAYS} days of sent daily digests in the ledger; Postgres server with default settings, ANALYZEd after seeding.`,
  '`open_due_ms`: the tick\'s one statement that works out slots (every channel\'s last three local days) and writes the due ones as rows; `open_due_again_ms`: the same at the next tick, with nothing new. `claim_*`: one claim statement (`ledger.claimDue`, batch of 64) while two instances claim the whole tick at once, each on its own connection; `claimed` and `distinct` show every due channel was claimed exactly once.',
  `Baseline: the claim statement before the change (each claim works out every subscribed channel\'s slots and anti-joins the ledger), ${BASELINE_CLAIMS} claims of 64 on the same rows in the same run; \`tick_claims_s\` against \`baseline_tick_s\` (its median claim times the number of claims a tick needs) is the tick\'s claiming time.`,
];

export async function runClaimsBench(options: { serverUrl: string | undefined; sizes: number[]; log: (line: string) => void }): Promise<Record<string, unknown>[]> {
  if (!options.serverUrl) throw new Error('the claims benchmark needs a Postgres server (BENCH_DATABASE_URL)');
  const rows: Record<string, unknown>[] = [];
  for (const channels of options.sizes) {
    const database = await freshDatabase(options.serverUrl, 'paperboy_bench_claims', 4);
    try {
      rows.push({ postgres: await postgresVersion(database.db), ...(await measure(database, channels, options.log)) });
    } finally {
      await database.close();
    }
  }
  return rows;
}

async function measure(database: Database, channels: number, log: (line: string) => void): Promise<Record<string, unknown>> {
  const { db } = database;
  const created = '2026-06-01T00:00:00Z';
  await db.execute(sql`insert into channels (platform, workspace_id, channel_id, digest_time, timezone, weekdays, subscribed, created_at, updated_at)
    select case when g % 2 = 0 then 'discord' else 'slack' end, 'W' || (g / 500), 'C' || g, ${SLOT.slice(11, 16)}::time, 'UTC', '{1,2,3,4,5,6,7}', true, ${created}::timestamptz, ${created}::timestamptz
    from generate_series(1, ${channels}) g`);
  await db.execute(sql`insert into deliveries (channel_id, period, digest_day, covers_from, covers_day, slot_at, status, attempts, created_at, updated_at)
    select c.id, 'day', d::date, d::date - 1, d::date - 1, d + ${SLOT.slice(11, 16)}::time, 'sent', 1, d, d
    from channels c cross join generate_series(${SLOT.slice(0, 10)}::date - ${HISTORY_DAYS}::int, ${SLOT.slice(0, 10)}::date - 1, '1 day') d`);
  await db.execute(sql`analyze`);
  log(`claims: ${channels.toLocaleString('en')} channels seeded`);

  const baseline: number[] = [];
  for (let i = 0; i < BASELINE_CLAIMS; i++) {
    const started = performance.now();
    await baselineClaim(database, `baseline-${i % 2}`);
    baseline.push(performance.now() - started);
  }
  await db.execute(sql`delete from deliveries where status <> 'sent' or slot_at >= ${SLOT}::timestamptz`);
  log(`claims: baseline claim median ${round(percentile(baseline, 50))} ms`);

  const ledger = createPgDeliveryLedger(db);
  let started = performance.now();
  const opened = await ledger.openDue({ now: NOW, platforms: [...platforms], cutoffHours: 12 });
  const openDueMs = performance.now() - started;
  started = performance.now();
  await ledger.openDue({ now: new Date(NOW.getTime() + 60_000), platforms: [...platforms], cutoffHours: 12 });
  const openAgainMs = performance.now() - started;
  await db.execute(sql`analyze deliveries`);

  const times: number[] = [];
  const ids: number[] = [];
  started = performance.now();
  await Promise.all(
    ['a', 'b'].map(async (instanceId) => {
      for (let turn = 0; ; turn++) {
        const platform = platforms[turn % 2]!;
        const t = performance.now();
        const { claims } = await ledger.claimDue({ now: NOW, instanceId, platforms: [platform], cutoffHours: 12, leaseMs: 600_000, limit: BATCH });
        times.push(performance.now() - t);
        ids.push(...claims.map((c) => c.channel.id));
        if (claims.length === 0) {
          const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from deliveries where status = 'due'`);
          if (Number(left?.n ?? 0) === 0) return;
        }
      }
    }),
  );
  const tickClaimsS = (performance.now() - started) / 1000;
  const baselineMedian = percentile(baseline, 50);
  const row = {
    channels,
    opened_due: opened.due,
    open_due_ms: round(openDueMs),
    open_due_again_ms: round(openAgainMs),
    claims: times.length,
    claim_p50_ms: round(percentile(times, 50)),
    claim_p95_ms: round(percentile(times, 95)),
    claim_max_ms: round(Math.max(...times)),
    tick_claims_s: round(tickClaimsS),
    claimed: ids.length,
    distinct: new Set(ids).size,
    baseline_claim_p50_ms: round(baselineMedian),
    baseline_tick_s: round((baselineMedian * Math.ceil(channels / BATCH)) / 1000),
  };
  log(`claims: ${JSON.stringify(row)}`);
  return row;
}

/** The claim statement before issue 10's change: slots worked out for every channel in each claim. */
async function baselineClaim(database: Database, instanceId: string): Promise<number> {
  const now = NOW.toISOString();
  const rows = await queryRows<{ id: number }>(
    database.db,
    sql`with ${slotsCte({ now: NOW, platforms: [...platforms] })},
    picked as (
      select s.id as channel_id, s.period, s.digest_day, s.covers_from, s.covers_day, s.slot_at from slots s
      left join deliveries dl on dl.channel_id = s.id and dl.period = s.period and dl.digest_day = s.digest_day
      where s.slot_at <= ${now}::timestamptz and s.slot_at > ${now}::timestamptz - make_interval(hours => 12)
        and s.slot_at >= s.created_at
        and (dl.id is null or (dl.status = 'failed' and dl.next_attempt_at <= ${now}::timestamptz)
          or (dl.status = 'claimed' and dl.lease_until < ${now}::timestamptz))
      order by s.slot_at, md5(${instanceId} || s.id::text)
      limit ${BATCH}
    )
    insert into deliveries (channel_id, period, digest_day, covers_from, covers_day, slot_at, status, attempts, claimed_by, lease_until, created_at, updated_at)
    select channel_id, period, digest_day, covers_from, covers_day, slot_at, 'claimed', 1, ${instanceId}, ${now}::timestamptz + interval '10 minutes', ${now}::timestamptz, ${now}::timestamptz
    from picked order by channel_id, period, digest_day
    on conflict (channel_id, period, digest_day) do nothing
    returning id`,
  );
  return rows.length;
}
