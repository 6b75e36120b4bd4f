// Action ids of the buttons Paperboy renders, shared by the renderers and the action handlers.

export const actionIds = {
  /** URL buttons (arXiv, PDF, GitHub, project): Slack still sends block_actions, which must be acked. */
  linkPrefix: 'paperboy_link_',
  similar: 'paperboy_similar',
  subscribeTopic: 'paperboy_subscribe_topic',
  nextPage: 'paperboy_next_page',
  /** 👍 / 👎 on a card; the value is the paper id. */
  voteUp: 'paperboy_vote_up',
  voteDown: 'paperboy_vote_down',
} as const;

/** What a "Next page" button carries: the command text that produced the page and the page to show. */
export interface NextPageValue {
  query: string;
  page: number;
}
