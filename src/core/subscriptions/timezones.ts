// IANA time zone names, validated with the runtime's own ICU data.

const known = new Set<string>(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [],
);
known.add('UTC');

/** True when Intl can format dates in this zone (accepts aliases such as US/Pacific too). */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The canonical spelling of a zone typed in any case ("europe/berlin" -> "Europe/Berlin"), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (!isValidTimeZone(trimmed)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
}

/** Zone names containing the typed text, for autocomplete (at most `limit`). */
export function suggestTimeZones(typed: string, limit = 25): string[] {
  const needle = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const all = [...known].sort();
  if (needle === '') return all.slice(0, limit);
  const starts = all.filter((z) => z.toLowerCase().startsWith(needle));
  const contains = all.filter((z) => !z.toLowerCase().startsWith(needle) && z.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, limit);
}
