import type { Reply } from '../core/commands/reply.js';
import { cardReason, digestHeadline, type Digest, type DigestPaper } from '../core/digest/digest.js';
import { authorLine, cardSummary, paperLinks, type Paper } from '../core/papers/paper.js';

// Reply and Digest as plain terminal text.

const strip = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');

export function renderPaperText(paper: Paper, index: number, matchedTopics: string[] = [], upvotes = paper.upvotes): string {
  const links = paperLinks(paper);
  const org = paper.organization ? ` · ${strip(paper.organization)}` : '';
  const lines = [
    `${index}. ${strip(paper.title)}`,
    `   ▲ ${upvotes}${org} · ${strip(authorLine(paper.authors))}`,
    `   ${strip(cardSummary(paper, 280))}`,
    `   ${links.hf}  arXiv ${links.arxiv}  PDF ${links.pdf}${links.github ? `  GitHub ${links.github}${paper.githubStars != null ? ` ★${paper.githubStars}` : ''}` : ''}`,
  ];
  if (matchedTopics.length > 0) lines.push(`   topics: ${matchedTopics.map(strip).join(', ')}`);
  return lines.join('\n');
}

export function renderDigestText(digest: Digest): string {
  const head = digestHeadline(digest);
  const cards = digest.papers.map((p: DigestPaper, i) => {
    const card = renderPaperText(p.paper, i + 1, p.matchedTopics, p.upvotes);
    // The topics line already says what matched; votes add the rest of the reason.
    return (p.closeLiked ?? 0) > 0 ? `${card}\n   why: ${strip(cardReason(p))}` : card;
  });
  return [`== ${head} ==`, ...cards].join('\n\n');
}

export function renderReplyText(reply: Reply): string {
  const parts: string[] = [];
  const head = [reply.title ? strip(reply.title) : '', reply.text ? strip(reply.text) : ''].filter(Boolean).join('\n');
  if (head) parts.push(reply.error ? `✗ ${head}` : head);
  for (const field of reply.fields ?? []) parts.push(`${field.label}:\n  ${strip(field.value).split('\n').join('\n  ')}`);
  if (reply.papers?.length) {
    const offset = reply.paging ? (reply.paging.page - 1) * reply.paging.pageSize : 0;
    parts.push(reply.papers.map((h, i) => renderPaperText(h.paper, offset + i + 1, h.matchedTopics)).join('\n\n'));
  }
  if (reply.digest && reply.digest.papers.length > 0) parts.push(renderDigestText(reply.digest));
  if (reply.paging?.hasMore) parts.push(`More: /papers ${reply.paging.query} page:${reply.paging.page + 1}`);
  if (reply.error?.usage) parts.push(`Usage: ${reply.error.usage}`);
  return parts.join('\n\n');
}
