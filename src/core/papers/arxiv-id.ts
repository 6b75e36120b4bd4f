// arXiv identifiers: new style 2602.23229 (4+4 or 4+5 digits), old style hep-th/9901001; versions stripped.

const newStyle = /^(\d{4}\.\d{4,5})(v\d+)?$/i;
const oldStyle = /^([a-z-]+(?:\.[a-z]{2})?\/\d{7})(v\d+)?$/i;

/**
 * Normalizes what a user or feed gives as a paper reference: a bare id (with or without a version),
 * "arXiv:2602.23229v2", or an arxiv.org abs/pdf URL or a huggingface.co/papers URL. Null when it is none of those.
 */
export function normalizeArxivId(input: string): string | null {
  if (typeof input !== 'string') return null;
  let s = input.trim();
  if (s === '' || s.length > 300) return null;
  s = s.replace(/^<|>$/g, '');
  s = s.replace(/^arxiv:\s*/i, '');
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|hf\.co\/papers)\/(.+)$/i.exec(s);
  if (url?.[1]) {
    s = url[1].replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.pdf$/i, '');
  }
  const n = newStyle.exec(s);
  if (n?.[1]) return n[1];
  const o = oldStyle.exec(s);
  if (o?.[1]) return o[1].toLowerCase();
  return null;
}
