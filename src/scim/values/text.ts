/**
 * Text checks for stored strings (SECURITY.md "Identity confusion"): lengths in code points (what a
 * utf8mb4 VARCHAR(n) counts), control characters, lone surrogates, and for identifiers the invisible and
 * direction-changing characters that make two names look alike.
 */

/** Number of Unicode code points (MySQL counts VARCHAR length in characters). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** C0 controls other than tab, line feed and carriage return, DEL, and C1 controls. */
function isControl(cp: number, allowLineBreaks: boolean): boolean {
  if (allowLineBreaks && (cp === 0x09 || cp === 0x0a || cp === 0x0d)) return false;
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

/** Invisible (default-ignorable) and text-direction code points (Unicode DerivedCoreProperties). */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfff8],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
];

function isInvisible(cp: number): boolean {
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export type TextProblem = 'control' | 'surrogate' | 'invisible';

export function textProblem(text: string, identifier: boolean): TextProblem | undefined {
  if (hasLoneSurrogate(text)) return 'surrogate';
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (identifier && (isControl(cp, false) || isInvisible(cp))) return 'invisible';
    if (!identifier && isControl(cp, true)) return 'control';
  }
  return undefined;
}

export function describeTextProblem(problem: TextProblem): string {
  switch (problem) {
    case 'control':
      return 'contains a control character';
    case 'surrogate':
      return 'contains an unpaired UTF-16 surrogate';
    case 'invisible':
      return 'contains a control, invisible or text-direction character';
  }
}

/**
 * The normalised form used for case-insensitive matching and uniqueness: Unicode NFKC, then lower case
 * (ARCHITECTURE.md conventions), so MariaDB and SQLite answer alike.
 */
export function normalizeCaseInsensitive(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
