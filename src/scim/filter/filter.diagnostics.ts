import { ScimError } from '../errors/scim-error';

/** What a parser needs to report an error: the text, what to call it, and which SCIM error to raise. */
export interface SourceContext {
  readonly input: string;
  /** `filter` or `path`, as in "Unexpected end of filter". */
  readonly noun: 'filter' | 'path';
  /** `ScimError.invalidFilter` for filters, `ScimError.invalidPath` for PATCH paths. */
  readonly fail: (detail: string) => ScimError;
}

export const filterContext = (input: string): SourceContext => ({
  input,
  noun: 'filter',
  fail: (detail) => ScimError.invalidFilter(detail),
});

const MAX_SHOWN = 40;

/** 1-based column of a 0-based UTF-16 offset, counted in code points (a 4-byte character is one column). */
export function columnAt(input: string, offset: number): number {
  const end = Math.min(offset, input.length);
  let column = 1;
  for (let i = 0; i < end; i++) {
    const c = input.charCodeAt(i);
    const isTrailingHalf = c >= 0xdc00 && c <= 0xdfff && i > 0 && isHighSurrogate(input.charCodeAt(i - 1));
    if (!isTrailingHalf) column++;
  }
  return column;
}

export const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Quotes a piece of the client's input for an error detail: at most 40 code points, control characters and
 * unpaired surrogates escaped so the detail stays printable.
 */
export function showText(text: string): string {
  let out = '';
  let shown = 0;
  for (let i = 0; i < text.length; i++) {
    if (shown === MAX_SHOWN) return `'${out}…'`;
    const c = text.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += text.slice(i, i + 2);
      i++;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || isHighSurrogate(c) || isLowSurrogate(c)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += text[i];
    }
    shown++;
  }
  return `'${out}'`;
}

/** `<message> at column N` */
export function errorAt(ctx: SourceContext, offset: number, message: string): ScimError {
  return ctx.fail(`${message} at column ${columnAt(ctx.input, offset)}`);
}

/**
 * `Expected <what> at column N, found '<text>'`, or, when `start` is the end of the input,
 * `Unexpected end of <noun> at column N: expected <what>`.
 */
export function expectedAt(ctx: SourceContext, what: string, start: number, end: number): ScimError {
  const column = columnAt(ctx.input, start);
  if (start >= ctx.input.length)
    return ctx.fail(`Unexpected end of ${ctx.noun} at column ${column}: expected ${what}`);
  return ctx.fail(`Expected ${what} at column ${column}, found ${showText(ctx.input.slice(start, end))}`);
}
