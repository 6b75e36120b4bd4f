-- Weekly and monthly digests (issue 13). A channel has a rhythm (daily on its weekdays, weekly on
-- one weekday, monthly on one day of the month) and the ledger keys a delivery by (channel, period,
-- period key): the local slot date for a daily digest, the Monday of the slot's local week for a
-- weekly one, the 1st of its local month for a monthly one. So a daily and a weekly digest on the
-- same date are two deliveries, and a weekly digest moved from Monday to Friday is not posted twice
-- in one week. covers_from..covers_day are the UTC days of papers a digest covers.
ALTER TABLE "channels" ADD COLUMN IF NOT EXISTS "rhythm" text DEFAULT 'daily' NOT NULL;
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN IF NOT EXISTS "rhythm_day" smallint DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN IF NOT EXISTS "period" text DEFAULT 'day' NOT NULL;
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN IF NOT EXISTS "covers_from" date;
--> statement-breakpoint
UPDATE "deliveries" SET "covers_from" = "covers_day" WHERE "covers_from" IS NULL;
--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "covers_from" SET NOT NULL;
--> statement-breakpoint
DROP INDEX IF EXISTS "deliveries_channel_day_uq";
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "deliveries_channel_period_uq" ON "deliveries" USING btree ("channel_id","period","digest_day");
