// IANA time zone names, validated with the runtime's own ICU data.

const known = new Set<string>(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [],
);
known.add('UTC');

// ICU still answers with the old names of renamed zones ("Asia/Kolkata" resolves to "Asia/Calcutta").
// People type, and expect to read back, the current IANA name.
const currentNames: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Africa/Asmera': 'Africa/Asmara',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};
for (const [old, current] of Object.entries(currentNames)) {
  if (known.delete(old)) known.add(current);
}

// Abbreviations name no single zone and ignore daylight saving ("EST" is America/Panama to ICU).
// The zone most people mean by each, to suggest instead.
const abbreviations: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  BST: 'Europe/London', WET: 'Europe/Lisbon', CET: 'Europe/Berlin', CEST: 'Europe/Berlin', EET: 'Europe/Athens', EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow', IST: 'Asia/Kolkata', PKT: 'Asia/Karachi', SGT: 'Asia/Singapore', HKT: 'Asia/Hong_Kong', JST: 'Asia/Tokyo', KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney', AWST: 'Australia/Perth', NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland', BRT: 'America/Sao_Paulo',
};

/** What a zone token the schedule cannot take means, in words; undefined when it is a zone name. */
export function zoneTokenProblem(token: string): string | undefined {
  const offset = /^(?:utc|gmt)([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(token);
  if (offset) {
    const hours = Number(offset[2]);
    const etc = offset[3] && offset[3] !== '00' ? undefined : `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`;
    return (
      `"${token}" is a fixed offset, which does not follow daylight saving. Use the zone of a city, e.g. Europe/Berlin or America/New_York` +
      (etc && hours <= 14 ? `; for a fixed offset all year, ${etc} (that name's sign is reversed).` : '.')
    );
  }
  if (/^[A-Z]{2,5}$/.test(token) && !['UTC', 'GMT'].includes(token)) {
    const likely = abbreviations[token];
    return `"${token}" is an abbreviation, not a zone: it names no single place and ignores daylight saving.${likely ? ` Did you mean ${likely}?` : ''} Use an IANA name such as ${likely ?? 'Europe/Berlin'}.`;
  }
  return undefined;
}

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
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  return currentNames[resolved] ?? resolved;
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
