// The Block Kit limits real Slack enforces on chat.postMessage and views.publish, checked by the fake
// so a message Slack would refuse is refused here too (invalid_blocks / msg_blocks_too_long).

export interface BlockProblem {
  error: 'invalid_blocks' | 'msg_blocks_too_long' | 'no_text';
  detail: string;
}

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const textOf = (v: unknown): string => (typeof asObject(v)?.text === 'string' ? String(asObject(v)?.text) : '');

/** Returns the first problem Slack would report, or null when the blocks are valid. */
export function checkBlocks(blocks: unknown, maxBlocks: number): BlockProblem | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks', detail: 'blocks must be an array' };
  if (blocks.length > maxBlocks) return { error: 'invalid_blocks', detail: `more than ${maxBlocks} blocks` };
  let total = 0;
  const blockIds = new Set<string>();
  for (const [i, raw] of blocks.entries()) {
    const block = asObject(raw);
    if (!block) return { error: 'invalid_blocks', detail: `block ${i} is not an object` };
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) return { error: 'invalid_blocks', detail: `duplicate block_id ${block.block_id}` };
      blockIds.add(block.block_id);
    }
    const problem = checkBlock(block, i);
    if (problem) return problem;
    total += textChars(block);
  }
  // Slack's cumulative cap is undocumented (~12-13k characters of text, bolt-js #2509): the lower end here.
  if (total > 12_000) return { error: 'msg_blocks_too_long', detail: `blocks carry ${total} characters of text` };
  return null;
}

function textChars(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + textChars(v), 0);
  const object = asObject(value);
  if (!object) return 0;
  let n = 0;
  for (const [key, inner] of Object.entries(object)) n += key === 'text' && typeof inner === 'string' ? inner.length : textChars(inner);
  return n;
}

function checkBlock(block: Json, i: number): BlockProblem | null {
  const bad = (detail: string): BlockProblem => ({ error: 'invalid_blocks', detail: `block ${i} (${String(block.type)}): ${detail}` });
  switch (block.type) {
    case 'header': {
      const text = asObject(block.text);
      if (text?.type !== 'plain_text') return bad('header text must be plain_text');
      if (textOf(text).length > 150 || textOf(text).length === 0) return bad('header text must be 1-150 characters');
      return null;
    }
    case 'section': {
      const text = block.text === undefined ? null : asObject(block.text);
      const fields = block.fields;
      if (!text && !Array.isArray(fields)) return bad('section needs text or fields');
      if (text && (textOf(text).length === 0 || textOf(text).length > 3000)) return bad('section text must be 1-3000 characters');
      if (Array.isArray(fields)) {
        if (fields.length > 10) return bad('more than 10 fields');
        if (fields.some((f) => textOf(f).length > 2000 || textOf(f).length === 0)) return bad('a field is empty or over 2000 characters');
      }
      return null;
    }
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) return bad('context needs 1-10 elements');
      if (elements.some((e) => textOf(e).length === 0 && asObject(e)?.type !== 'image')) return bad('empty context element');
      return null;
    }
    case 'actions': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) return bad('actions needs 1-25 elements');
      const ids = new Set<string>();
      for (const raw of elements) {
        const e = asObject(raw);
        if (!e) return bad('element is not an object');
        const label = textOf(e.text);
        if (label.length === 0 || label.length > 75) return bad('button text must be 1-75 characters');
        if (typeof e.value === 'string' && e.value.length > 2000) return bad('button value over 2000 characters');
        if (typeof e.url === 'string' && e.url.length > 3000) return bad('button url over 3000 characters');
        if (typeof e.action_id === 'string') {
          if (ids.has(e.action_id)) return bad(`duplicate action_id ${e.action_id}`);
          ids.add(e.action_id);
        }
      }
      return null;
    }
    case 'divider':
      return null;
    default:
      return bad('unknown block type');
  }
}
