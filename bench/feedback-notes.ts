// Notes for the feedback benchmark's README section.

export const feedbackNotes: string[] = [
  'Data: the 263 days of the real feed in `../shared/data/hf-daily/`, ingested into PGlite with Paperboy\'s own parser (`parseDailyItems`) and paper store; the simulated days are the last 30 listing days on which most papers carry `ai_keywords` (older items have none).',
  'Channels (`bench/feedback-world.ts`): broad topics such as `diffusion, generation` or `language model, llm` (one follows every paper), each with a hidden interest: the papers\' own keywords matching e.g. /video/ or /reasoning|math/. A paper is relevant when one of its keywords is in the interest.',
  'Each day every channel\'s 10-card digest is chosen in one `choose()` call for all channels (as the scheduler does); 3 members each vote on each card with probability 0.5, by the hidden interest, 10% of votes flipped. Fixed seed 13013.',
  '`baseline_p5`: the same channel without votes (upvotes within its topics). `votes_first5_p5`: members vote on days 1-5 only. `votes_daily_p5`: they vote every day. `best_possible_p5`: the share of relevant papers a perfect ranker could put in the first five among the topic matches. All are means over the 8 channels.',
  'Target: mean precision@5 over days 6-30 with votes from the first 5 days at least 1.3x the baseline, and never below it from day 10 on.',
];
