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
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/** Any control character, bidi overrides/isolates, and default-ignorable code points. */
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const IDENTIFIER_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]|\udb40[\udc00-\uddef]/u;

export type TextProblem = 'control' | 'surrogate' | 'invisible';

export function textProblem(text: string, identifier: boolean): TextProblem | undefined {
  if (hasLoneSurrogate(text)) return 'surrogate';
  if (identifier) return IDENTIFIER_FORBIDDEN.test(text) ? 'invisible' : undefined;
  return CONTROL.test(text) ? 'control' : undefined;
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
