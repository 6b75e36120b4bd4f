// What a person typed, made safe and comparable before the core uses it. Chat clients paste
// invisible characters (zero-width spaces, bidi marks, a soft hyphen) and look-alike forms
// (full-width letters, ligatures) that render the same as plain text: two topics that look
// identical must be one topic, and a NUL byte must never reach Postgres (text cannot hold it).

// Controls (C0 but whitespace, DEL, C1) and format characters (zero-width, bidi, BOM, soft hyphen).
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
const CONTROL_SPACE = /[\u0009-\u000d]/g;

/** NFKC (full-width and compatibility forms to plain), invisible characters removed, spaces collapsed. */
export function cleanUserText(input: string): string {
  return input.normalize('NFKC').replace(CONTROL_SPACE, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

// Cyrillic and Greek letters drawn like Latin ones. Only a word that mixes them with Latin letters
// is folded ("сompression" with a Cyrillic с); a word wholly in Cyrillic or Greek stays as typed.
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', с: 'c', е: 'e', һ: 'h', і: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', ѕ: 's', т: 't', у: 'y', х: 'x', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};

function foldMixedScriptWord(word: string): string {
  if (!/\p{Script=Latin}/u.test(word) || !/[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(word)) return word;
  return [...word].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
}

/** The form two texts are compared in: cleaned, lowercased, look-alike letters folded in mixed words. */
export function comparableText(input: string): string {
  return cleanUserText(input)
    .toLowerCase()
    .split(' ')
    .map(foldMixedScriptWord)
    .join(' ');
}
