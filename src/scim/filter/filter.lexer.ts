import { errorAt, isHighSurrogate, isLowSurrogate, SourceContext } from './filter.diagnostics';

export type TokenKind = 'word' | 'string' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'end';

export interface Token {
  kind: TokenKind;
  /** 0-based offset of the first character (of the opening quote, for strings). */
  start: number;
  /** Offset just after the last character. */
  end: number;
  /** Decoded contents for `string`; the raw text otherwise. */
  value: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export const isBlank = (c: number): boolean => c === SPACE || c === TAB;

/** Characters that end a word: blanks, parentheses, brackets and the string quote. */
function endsWord(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === QUOTE;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    '"': '"',
    '\\': '\\',
    '/': '/',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
  }),
);

function hex4(input: string, at: number): number {
  if (at + 4 > input.length) return -1;
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const c = input.charCodeAt(i);
    const digit =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x41 && c <= 0x46
          ? c - 0x37
          : c >= 0x61 && c <= 0x66
            ? c - 0x57
            : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Reads a JSON string (RFC 7644 §3.4.2.2: `string` is a JSON string, RFC 8259 §7) whose opening quote is at
 * `start`. Returns the decoded value and the offset after the closing quote.
 *
 * Tolerance: an escape JSON does not define (`\d` in `"DOMAIN\dave"`, as some connectors send Windows account
 * names unescaped) is read as a literal backslash followed by that character. Unpaired surrogates, raw or
 * escaped, are refused: such a value cannot be stored as UTF-8, so it could never match anything.
 */
export function scanString(ctx: SourceContext, start: number): { value: string; end: number } {
  const { input } = ctx;
  const unpaired = (at: number) => errorAt(ctx, at, 'Invalid string: unpaired UTF-16 surrogate');
  const parts: string[] = [];
  let chunkStart = start + 1;
  let i = start + 1;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (c === QUOTE) {
      parts.push(input.slice(chunkStart, i));
      return { value: parts.join(''), end: i + 1 };
    }
    if (c === BACKSLASH) {
      if (i + 1 >= input.length) break;
      const next = input[i + 1];
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        parts.push(input.slice(chunkStart, i), simple);
        i += 2;
      } else if (next === 'u' && hex4(input, i + 2) >= 0) {
        const unit = hex4(input, i + 2);
        if (isLowSurrogate(unit)) throw unpaired(i);
        if (isHighSurrogate(unit)) {
          const low = input.startsWith('\\u', i + 6) ? hex4(input, i + 8) : -1;
          if (!isLowSurrogate(low)) throw unpaired(i);
          parts.push(input.slice(chunkStart, i), String.fromCharCode(unit, low));
          i += 12;
        } else {
          parts.push(input.slice(chunkStart, i), String.fromCharCode(unit));
          i += 6;
        }
      } else {
        // Not a JSON escape: keep the backslash, read the next character normally.
        i += 1;
        continue;
      }
      chunkStart = i;
      continue;
    }
    if (isHighSurrogate(c)) {
      if (!isLowSurrogate(input.charCodeAt(i + 1))) throw unpaired(i);
      i += 2;
      continue;
    }
    if (isLowSurrogate(c)) throw unpaired(i);
    i++;
  }
  throw errorAt(ctx, start, 'Unterminated string starting');
}

/**
 * Splits a filter into tokens on demand, starting at `offset` (the PATCH path parser starts it just after a
 * `[`). A word is a maximal run of characters other than blanks, `(`, `)`, `[`, `]` and `"`; the parser decides
 * whether a word is an attribute path, an operator or a value. Linear: each character is looked at a bounded
 * number of times, and nothing here uses a regular expression on the input.
 */
export class FilterLexer {
  private lookahead: Token | undefined;

  constructor(
    private readonly ctx: SourceContext,
    private offset: number,
  ) {}

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private scan(): Token {
    const { input } = this.ctx;
    let i = this.offset;
    while (i < input.length && isBlank(input.charCodeAt(i))) i++;
    if (i >= input.length) {
      this.offset = input.length;
      return { kind: 'end', start: input.length, end: input.length, value: '' };
    }
    const c = input.charCodeAt(i);
    let token: Token;
    switch (c) {
      case 0x28:
        token = { kind: 'lparen', start: i, end: i + 1, value: '(' };
        break;
      case 0x29:
        token = { kind: 'rparen', start: i, end: i + 1, value: ')' };
        break;
      case 0x5b:
        token = { kind: 'lbracket', start: i, end: i + 1, value: '[' };
        break;
      case 0x5d:
        token = { kind: 'rbracket', start: i, end: i + 1, value: ']' };
        break;
      case QUOTE: {
        const { value, end } = scanString(this.ctx, i);
        token = { kind: 'string', start: i, end, value };
        break;
      }
      default: {
        let end = i + 1;
        while (end < input.length && !endsWord(input.charCodeAt(end))) end++;
        token = { kind: 'word', start: i, end, value: input.slice(i, end) };
      }
    }
    this.offset = token.end;
    return token;
  }
}
