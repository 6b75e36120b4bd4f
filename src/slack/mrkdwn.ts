// Slack mrkdwn helpers. Slack wants only &, < and > escaped ("don't HTML entity-encode the entire
// message"): that alone keeps a title like `<!channel>` or `<https://x|y>` from pinging or linking.

/** Escapes user or feed text for mrkdwn so it renders as typed and never pings anyone. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A link with an escaped label. The URL comes from paperLinks() (built from the id or validated as
 * http(s)), but a `|` or `>` in it would still end the link early, so those are percent-encoded.
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
  // `|` inside a label is harmless once the link is open, but `>` would close it: escaping handles that.
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/** Cuts text to at most `max` characters (code points) with an ellipsis, for plain_text fields. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** Channel mention; ids come from Slack itself, so only the shape is checked. */
export function channelMention(channelId: string): string {
  return /^[A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}
