-- Per-part progress of a digest: each message is recorded as it is posted, before the next, so a
-- retry or a takeover resumes after the last posted part. posting_since tells a later attempt that
-- the part after the last recorded one may already be on the platform (look it up before posting);
-- planned_papers keeps the selection that attempt began posting, so a resumed digest is the same.
-- Its journal time is after 0007's, so a database that already has 0007 still gets this one.
CREATE TABLE "delivery_parts" (
	"delivery_id" bigint NOT NULL,
	"part" integer NOT NULL,
	"message_id" text NOT NULL,
	"container_id" text NOT NULL,
	"recovered" boolean DEFAULT false NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "delivery_parts_delivery_id_part_pk" PRIMARY KEY("delivery_id","part")
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "posting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "planned_papers" jsonb;--> statement-breakpoint
ALTER TABLE "delivery_parts" ADD CONSTRAINT "delivery_parts_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;