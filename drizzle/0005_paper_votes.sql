CREATE TABLE "paper_votes" (
	"channel_id" integer NOT NULL,
	"paper_id" text NOT NULL,
	"voter_id" text NOT NULL,
	"vote" smallint NOT NULL,
	"voted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "paper_votes_channel_id_paper_id_voter_id_pk" PRIMARY KEY("channel_id","paper_id","voter_id"),
	CONSTRAINT "paper_votes_vote_check" CHECK ("paper_votes"."vote" in (-1, 1))
);
--> statement-breakpoint
ALTER TABLE "paper_votes" ADD CONSTRAINT "paper_votes_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_votes" ADD CONSTRAINT "paper_votes_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_votes_paper_idx" ON "paper_votes" USING btree ("paper_id");
