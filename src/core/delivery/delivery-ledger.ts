import { sql, type SQL } from 'drizzle-orm';
import type { ChannelSettings, Platform, Rhythm } from '../channel.js';
import type { PeriodKind } from '../digest/period.js';
import { queryRows, type Db } from '../db/client.js';
import { toDate, toDay } from '../papers/paper-row.js';
import type { Selection } from '../digest/select-papers.js';
import type { DeliveryRecord, PostedPart } from '../ports.js';
import { partsOf, recordPart, startPosting } from './delivery-parts.js';

// The ledger: one row per (channel, period, period key): a daily digest per local date, a weekly
// one per local week, a monthly one per local month. Once a tick, every slot that has come due is
// written as a 'due' row (openDue: the one statement that works out slots, for all channels). Claims
// then take open rows (due, failed with a retry ahead, or held past their lease) through a partial
// index, oldest slot first, skipping rows another instance is claiming that moment. Whoever claims a
// row posts the digest; everybody else skips it. Claims carry a lease so a crashed process's work is
// taken over once the lease runs out.

export interface Claim {
  deliveryId: number;
  channel: ChannelSettings;
  /** day, week or month; digestDay is the period's key (see schema.ts). */
  period: PeriodKind;
  digestDay: string;
  /** First and last UTC day of papers covered (the same day for a daily digest). */
  coversFrom: string;
  coversDay: string;
  slotAt: Date;
  /** Bumped by every claim: with claimed_by, the fence that makes a taken-over holder's writes void. */
  attempts: number;
  /** When an earlier attempt began posting, or null when nothing was ever posted. */
  postingSince: Date | null;
  /** The papers that attempt began posting, to post the same digest again. */
  planned: Selection[] | null;
}

export interface ClaimBatch {
  claims: Claim[];
}

export interface OpenDueOptions {
  now: Date;
  platforms: Platform[];
  cutoffHours: number;
}

export interface Opened {
  /** Slots written as due, to be claimed. */
  due: number;
  /** Slots missed by more than the cutoff (never claimed in time), recorded as skipped. */
  skipped: number;
}

export interface ClaimOptions {
  now: Date;
  instanceId: string;
  platforms: Platform[];
  cutoffHours: number;
  leaseMs: number;
  /** At most this many claims per call: instances share a tick, each holding only what it delivers. */
  limit: number;
}

export interface DeliveryLedger {
  /**
   * Writes every slot that has come due for these platforms as a 'due' row (once a tick, by any
   * instance: a slot already written is left as it is), and records slots missed by more than the
   * cutoff (cutoffHours for a daily digest, at least LONG_PERIOD_CUTOFF_HOURS for a weekly or
   * monthly one), and due rows nobody claimed in time, as skipped so `status` can say so.
   */
  openDue(options: OpenDueOptions): Promise<Opened>;
  /** Claims up to `limit` open deliveries for these platforms in one statement; returns what this instance won. */
  claimDue(options: ClaimOptions): Promise<ClaimBatch>;
  /** Records the digest as sent; false when the claim was no longer ours (another instance took it over). */
  markSent(claim: Claim, instanceId: string, messageIds: string[], paperIds: string[], now: Date): Promise<boolean>;
  /** Notes that this attempt is about to post these papers (kept from the first attempt on); false when the claim is no longer ours. */
  startPosting(claim: Claim, instanceId: string, now: Date, planned: Selection[]): Promise<boolean>;
  /** Records a posted part and extends the lease; false when the claim is no longer ours. */
  recordPart(claim: Claim, instanceId: string, part: PostedPart, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Parts already posted, per delivery id, in order. */
  postedParts(deliveryIds: number[]): Promise<Map<number, PostedPart[]>>;
  /** Records digests with nothing to post (one statement for all of them). */
  markEmpty(claims: Claim[], instanceId: string, now: Date): Promise<void>;
  /** Puts back digests whose day has no papers yet, to be tried again at retryAt (one statement). */
  markWaiting(claims: Claim[], instanceId: string, retryAt: Date, now: Date): Promise<void>;
  /** Records a failure; retryAt null makes it final. Returns the channel's consecutive failures. */
  markFailed(claim: Claim, instanceId: string, error: string, retryAt: Date | null, now: Date, countsTowardPause: boolean): Promise<number>;
  /** Extends the lease of every claim this instance still holds (a heartbeat while a fan-out runs). */
  renewLeases(instanceId: string, until: Date): Promise<number>;
  /** Gives a claim back untouched (e.g. shutting down before delivering it), due again at `now`. */
  release(claim: Claim, instanceId: string, now: Date): Promise<void>;
  recent(channelId: number, limit: number): Promise<DeliveryRecord[]>;
}

/**
 * Slots of the last three local dates for subscribed, unpaused channels on the given platforms, with
 * each slot's period, period key (digest_day) and covered UTC days. The same rules as isSlotDate
 * (schedule.ts) and coveredPeriod (period.ts), which tests hold to this.
 */
export function slotsCte(options: { now: Date; platforms: Platform[] }) {
  return sql`local_slots as (
    select c.*, d.local_day, extract(isodow from d.local_day)::int as dow,
      (d.local_day - (extract(day from d.local_day)::int - 1)) as month_start,
      ((d.local_day + c.digest_time) at time zone c.timezone) as slot_at
    from channels c
    cross join lateral (
      select ((${options.now.toISOString()}::timestamptz at time zone c.timezone)::date - k) as local_day
      from generate_series(0, 2) as k
    ) d
    where c.subscribed and not c.paused
      and c.platform = any(string_to_array(${options.platforms.join(',')}, ','))
  ),
  slots as (
    -- One row per slot, its period and covered days picked by the channel's rhythm in plain
    -- expressions (a lateral union here made the planner memoize 3 rows per channel, for nothing).
    select s.*,
      case s.rhythm when 'weekly' then 'week' when 'monthly' then 'month' else 'day' end as period,
      case s.rhythm when 'weekly' then s.local_day - (s.dow - 1) when 'monthly' then s.month_start else s.local_day end as digest_day,
      case s.rhythm when 'weekly' then u.utc_day - 7
        -- The most recent complete calendar month: the one before the slot's UTC month, which ends
        -- the day before that month's 1st (utc_day - its day of month).
        when 'monthly' then date_trunc('month', (u.utc_day - extract(day from u.utc_day)::int)::timestamp)::date
        else u.utc_day - 1 end as covers_from,
      case s.rhythm when 'monthly' then u.utc_day - extract(day from u.utc_day)::int else u.utc_day - 1 end as covers_day
    from local_slots s
    cross join lateral (select (s.slot_at at time zone 'UTC')::date as utc_day) u
    where case s.rhythm
      when 'daily' then s.dow = any(s.weekdays)
      when 'weekly' then s.dow = s.rhythm_day
      when 'monthly' then extract(day from s.local_day)::int = least(s.rhythm_day, ((s.month_start + interval '1 month')::date - s.month_start))
      else false end
  )`;
}

const channelColumns = sql.raw(
  'c.id, c.platform, c.workspace_id, c.channel_id, c.digest_time, c.timezone, c.weekdays, c.rhythm, c.rhythm_day, c.max_papers, c.min_upvotes, c.paused, c.paused_reason, c.use_thread, c.created_at',
);

/**
 * Hours a weekly or monthly digest may still be posted late, at the least. A missed daily digest is
 * made up for by the next day's; a missed weekly one would lose its whole week, so it waits longer
 * than DIGEST_CUTOFF_HOURS (48 h fits the three local dates of slots that openDue looks at).
 */
export const LONG_PERIOD_CUTOFF_HOURS = 48;

/** The cutoff in hours for a row whose period is `period` (a column). */
function cutoffOf(period: SQL, cutoffHours: number): SQL {
  return sql`(case when ${period} = 'day' then ${cutoffHours}::int else greatest(${cutoffHours}::int, ${LONG_PERIOD_CUTOFF_HOURS}::int) end)`;
}

/** The instant before which a slot of a row whose period is `period` is too late to post (`now`: ISO text). */
function lateBefore(now: string, period: SQL, cutoffHours: number): SQL {
  return sql`${now}::timestamptz - make_interval(hours => ${cutoffOf(period, cutoffHours)})`;
}

export function createPgDeliveryLedger(db: Db): DeliveryLedger {
  return {
    async openDue(options) {
      const now = options.now.toISOString();
      const late = (period: SQL) => lateBefore(now, period, options.cutoffHours);
      const missed = (period: SQL) => sql`'missed: Paperboy was not running within ' || ${cutoffOf(period, options.cutoffHours)} || ' hours of the digest time'`;
      // Inserted in one order for every instance: two instances opening the same slots at once then
      // wait for each other on the unique key instead of deadlocking. That order is a hash of the
      // channel, and ids follow it, so claims (by slot, then id) take channels of many workspaces in
      // each batch: channels in id order come a workspace at a time, and a batch of one Slack
      // workspace waits on that workspace's few hundred posts a minute (a 100,000-channel tick ran
      // at a fifth of its speed that way).
      const [row] = await queryRows<{ due: number; skipped: number; expired: number }>(
        db,
        sql`with ${slotsCte(options)},
        opened as (
          insert into deliveries (channel_id, period, digest_day, covers_from, covers_day, slot_at, status, attempts, last_error, created_at, updated_at)
          select s.id, s.period, s.digest_day, s.covers_from, s.covers_day, s.slot_at,
            case when s.slot_at <= ${late(sql`s.period`)} then 'skipped' else 'due' end, 0,
            case when s.slot_at <= ${late(sql`s.period`)} then ${missed(sql`s.period`)} end,
            ${now}::timestamptz, ${now}::timestamptz
          from slots s
          where s.slot_at <= ${now}::timestamptz and s.slot_at >= s.created_at
          order by md5(s.id::text), s.id, s.period, s.digest_day
          on conflict (channel_id, period, digest_day) do nothing
          returning status
        ),
        expired as (
          update deliveries d set status = 'skipped', last_error = ${missed(sql`d.period`)}, updated_at = ${now}::timestamptz
          from channels c
          where d.status = 'due' and c.id = d.channel_id
            and c.platform = any(string_to_array(${options.platforms.join(',')}, ','))
            and d.slot_at <= ${late(sql`d.period`)}
          returning d.id
        )
        select (select count(*) from opened where status = 'due')::int as due,
          (select count(*) from opened where status = 'skipped')::int as skipped,
          (select count(*) from expired)::int as expired`,
      );
      return { due: Number(row?.due ?? 0), skipped: Number(row?.skipped ?? 0) + Number(row?.expired ?? 0) };
    },

    async claimDue(options) {
      const now = options.now.toISOString();
      const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
      // Open rows through deliveries_open_idx (drizzle/0010; this where implies its predicate),
      // oldest slot first. SKIP LOCKED: rows another instance is claiming this moment are left to
      // it, so instances claiming at once split the work without waiting or deadlocking.
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`with picked as (
          select d.id from deliveries d
          join channels c on c.id = d.channel_id
          where (d.status = 'due'
              or (d.status = 'failed' and d.next_attempt_at <= ${now}::timestamptz)
              or (d.status = 'claimed' and d.lease_until < ${now}::timestamptz))
            and d.slot_at <= ${now}::timestamptz
            and d.slot_at > ${lateBefore(now, sql`d.period`, options.cutoffHours)}
            and c.subscribed and not c.paused
            and c.platform = any(string_to_array(${options.platforms.join(',')}, ','))
          order by d.slot_at, d.id
          limit ${options.limit}
          for update of d skip locked
        ),
        claimed as (
          update deliveries d set status = 'claimed', attempts = d.attempts + 1, claimed_by = ${options.instanceId},
            lease_until = ${leaseUntil}::timestamptz, updated_at = ${now}::timestamptz
          from picked where d.id = picked.id
          returning d.id, d.channel_id, d.period, d.digest_day, d.covers_from, d.covers_day, d.slot_at, d.attempts, d.posting_since, d.planned_papers
        )
        select cl.id as delivery_id, cl.period, cl.digest_day, cl.covers_from, cl.covers_day, cl.slot_at, cl.attempts, cl.posting_since, cl.planned_papers, ${channelColumns}
        from claimed cl
        join channels c on c.id = cl.channel_id
        order by cl.slot_at, cl.id`,
      );
      return {
        claims: rows.map((r) => ({
          deliveryId: Number(r.delivery_id),
          period: String(r.period) as PeriodKind,
          digestDay: toDay(r.digest_day),
          coversFrom: toDay(r.covers_from),
          coversDay: toDay(r.covers_day),
          slotAt: toDate(r.slot_at),
          attempts: Number(r.attempts),
          postingSince: r.posting_since == null ? null : toDate(r.posting_since),
          planned: parsePlanned(r.planned_papers),
          channel: channelFromRow(r),
        })),
      };
    },

    async markSent(claim, instanceId, messageIds, paperIds, now) {
      return db.transaction(async (tx) => {
        const updated = await queryRows<{ id: number }>(
          tx as unknown as Db,
          sql`update deliveries set status = 'sent', message_ids = string_to_array(${messageIds.join('\u001f')}, ${'\u001f'}),
          paper_count = ${paperIds.length}, last_error = null, next_attempt_at = null, lease_until = null, updated_at = ${now.toISOString()}::timestamptz
          where ${fenced(claim, instanceId)} returning id`,
        );
        if (updated.length === 0) return false;
        if (paperIds.length > 0) {
          await tx.execute(sql`insert into delivered_papers (channel_id, paper_id, delivered_at)
            select ${claim.channel.id}, unnest(string_to_array(${paperIds.join(',')}, ',')), ${now.toISOString()}::timestamptz
            on conflict do nothing`);
        }
        await tx.execute(sql`update channels set consecutive_failures = 0 where id = ${claim.channel.id}`);
        return true;
      });
    },

    startPosting: (claim, instanceId, now, planned) => startPosting(db, fence(claim, instanceId), now, planned),
    recordPart: (claim, instanceId, part, now, leaseUntil) => recordPart(db, fence(claim, instanceId), part, now, leaseUntil),
    postedParts: (ids) => partsOf(db, ids),

    async markEmpty(claims, instanceId, now) {
      if (claims.length === 0) return;
      await db.execute(sql`update deliveries set status = 'empty', paper_count = 0, last_error = null, next_attempt_at = null,
        lease_until = null, updated_at = ${now.toISOString()}::timestamptz
        where id = any(string_to_array(${claims.map((c) => c.deliveryId).join(',')}, ',')::bigint[]) and claimed_by = ${instanceId}`);
    },

    async markWaiting(claims, instanceId, retryAt, now) {
      if (claims.length === 0) return;
      await db.execute(sql`update deliveries set status = 'failed', last_error = 'no papers ingested for ' || case when covers_from = covers_day then covers_day::text else covers_from::text || ' to ' || covers_day::text end || ' yet',
        next_attempt_at = ${retryAt.toISOString()}::timestamptz, lease_until = null, updated_at = ${now.toISOString()}::timestamptz
        where id = any(string_to_array(${claims.map((c) => c.deliveryId).join(',')}, ',')::bigint[]) and claimed_by = ${instanceId}`);
    },

    async markFailed(claim, instanceId, error, retryAt, now, countsTowardPause) {
      await db.execute(sql`update deliveries set status = 'failed', last_error = ${error.slice(0, 500)},
        next_attempt_at = ${retryAt ? retryAt.toISOString() : null}::timestamptz, lease_until = null,
        updated_at = ${now.toISOString()}::timestamptz where ${fenced(claim, instanceId)}`);
      const [row] = await queryRows<{ n: number }>(
        db,
        countsTowardPause
          ? sql`update channels set consecutive_failures = consecutive_failures + 1 where id = ${claim.channel.id} returning consecutive_failures as n`
          : sql`select consecutive_failures as n from channels where id = ${claim.channel.id}`,
      );
      return Number(row?.n ?? 0);
    },

    async renewLeases(instanceId, until) {
      const rows = await queryRows<{ id: number }>(
        db,
        sql`update deliveries set lease_until = ${until.toISOString()}::timestamptz
          where claimed_by = ${instanceId} and status = 'claimed' returning id`,
      );
      return rows.length;
    },

    async release(claim, instanceId, now) {
      // attempts stays as it is: it is the fence, and lowering it could let a stale holder write again.
      await db.execute(sql`update deliveries set status = 'failed', next_attempt_at = ${now.toISOString()}::timestamptz, lease_until = null,
        last_error = 'released at shutdown', updated_at = ${now.toISOString()}::timestamptz
        where ${fenced(claim, instanceId)}`);
    },

    async recent(channelId, limit) {
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`select period, digest_day, covers_from, covers_day, status, attempts, paper_count, last_error, next_attempt_at, updated_at
        from deliveries where channel_id = ${channelId} order by slot_at desc, id desc limit ${limit}`,
      );
      return rows.map((r) => ({
        period: String(r.period) as PeriodKind,
        digestDay: toDay(r.digest_day),
        coversFrom: toDay(r.covers_from),
        coversDay: toDay(r.covers_day),
        status: r.status as DeliveryRecord['status'],
        attempts: Number(r.attempts),
        paperCount: Number(r.paper_count),
        lastError: r.last_error == null ? null : String(r.last_error),
        nextAttemptAt: r.next_attempt_at == null ? null : toDate(r.next_attempt_at),
        updatedAt: toDate(r.updated_at),
      }));
    },
  };
}

const fence = (claim: Claim, instanceId: string) => ({ deliveryId: claim.deliveryId, instanceId, attempts: claim.attempts });

/** This attempt's claim and nobody else's (see delivery-parts.ts). */
function fenced(claim: Claim, instanceId: string) {
  return sql`id = ${claim.deliveryId} and claimed_by = ${instanceId} and attempts = ${claim.attempts} and status = 'claimed'`;
}

export function channelFromRow(r: Record<string, unknown>): ChannelSettings {
  return {
    id: Number(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    digestTime: String(r.digest_time).slice(0, 5),
    timezone: String(r.timezone),
    weekdays: parseIntArray(r.weekdays),
    rhythm: String(r.rhythm ?? 'daily') as Rhythm,
    rhythmDay: Number(r.rhythm_day ?? 1),
    maxPapers: Number(r.max_papers),
    minUpvotes: Number(r.min_upvotes),
    subscribed: true,
    paused: r.paused === true || r.paused === 't',
    pausedReason: r.paused_reason == null ? null : String(r.paused_reason),
    useThread: r.use_thread === true || r.use_thread === 't',
    createdAt: toDate(r.created_at),
  };
}

/** jsonb arrives parsed from postgres.js and PGlite alike; a string only from an older driver. */
function parsePlanned(value: unknown): Selection[] | null {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list as Selection[]) : null;
}

function parseIntArray(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === 'string') return value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}
