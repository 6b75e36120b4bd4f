-- Claims driven by an index (issue 10). A digest slot that comes due is written as a 'due' row once
-- per tick (the only statement that works out slots, for all channels); claims then take the oldest
-- open rows through this partial index with FOR UPDATE SKIP LOCKED, instead of working out every
-- subscribed channel's slots in each claim (1-2 s a claim at 100,000 channels). Open rows are
-- today's unfinished work, so the index stays small however long the ledger grows; its predicate
-- is the claim's (see delivery-ledger.ts), so the planner can prove the claim may use it.
CREATE INDEX IF NOT EXISTS "deliveries_open_idx" ON "deliveries" USING btree ("slot_at","id") WHERE "status" = 'due' OR "status" = 'claimed' OR ("status" = 'failed' AND "next_attempt_at" IS NOT NULL);
