// The checks Discord applies to a message body before accepting it; any failure is a 400 with code
// 50035 (Invalid Form Body). Enforcing them in the fake turns a renderer bug into a failing test.

interface Embed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

interface Row {
  type?: number;
  components?: { type?: number; custom_id?: string; label?: string; url?: string }[];
}

export function messageProblems(body: unknown, options: { create: boolean }): string[] {
  if (typeof body !== 'object' || body === null) return ['body must be an object'];
  const b = body as { content?: unknown; embeds?: unknown; components?: unknown };
  const problems: string[] = [];
  const content = typeof b.content === 'string' ? b.content : '';
  if (content.length > 2000) problems.push('content: Must be 2000 or fewer in length.');
  const embeds = Array.isArray(b.embeds) ? (b.embeds as Embed[]) : [];
  const rows = Array.isArray(b.components) ? (b.components as Row[]) : [];
  if (embeds.length > 10) problems.push('embeds: Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = `embeds[${i}]`;
    const check = (value: string | undefined, max: number, name: string) => {
      if (value === undefined) return;
      total += value.length;
      if (value.length > max) problems.push(`${at}.${name}: Must be ${max} or fewer in length.`);
    };
    check(embed.title, 256, 'title');
    check(embed.description, 4096, 'description');
    check(embed.footer?.text, 2048, 'footer.text');
    check(embed.author?.name, 256, 'author.name');
    const fields = embed.fields ?? [];
    if (fields.length > 25) problems.push(`${at}.fields: Must be 25 or fewer in length.`);
    fields.forEach((field, j) => {
      if (!field.name || !field.value) problems.push(`${at}.fields[${j}]: name and value are required.`);
      check(field.name, 256, `fields[${j}].name`);
      check(field.value, 1024, `fields[${j}].value`);
    });
  });
  if (total > 6000) problems.push('embeds: Embed size exceeds maximum size of 6000');
  if (rows.length > 5) problems.push('components: Must be 5 or fewer in length.');
  const customIds = new Set<string>();
  rows.forEach((row, i) => {
    const items = row.components ?? [];
    if (row.type !== 1) problems.push(`components[${i}].type: must be an action row`);
    if (items.length < 1 || items.length > 5) problems.push(`components[${i}].components: Must be between 1 and 5 in length.`);
    items.forEach((item, j) => {
      const at = `components[${i}].components[${j}]`;
      if ((item.label?.length ?? 0) > 80) problems.push(`${at}.label: Must be 80 or fewer in length.`);
      if (item.url === undefined) {
        if (!item.custom_id || item.custom_id.length > 100) problems.push(`${at}.custom_id: Must be between 1 and 100 in length.`);
        else if (customIds.has(item.custom_id)) problems.push(`${at}.custom_id: Component custom id cannot be duplicated`);
        else customIds.add(item.custom_id);
      }
    });
  });
  if (options.create && content === '' && embeds.length === 0 && rows.length === 0) {
    problems.push('Cannot send an empty message (50006)');
  }
  return problems;
}
