import {
  checkAttrName,
  checkPropertyWord,
  checkSchemaUri,
  FILTER_KEYWORDS,
  isPropertiesAttr,
} from './attr-name.rules';
import { AttrPath, COMPARE_OPS, CompareOp, FilterLimits, FilterNode, FilterValue } from './filter.ast';
import { errorAt, expectedAt, filterContext, showText, SourceContext } from './filter.diagnostics';
import { FilterLexer, Token } from './filter.lexer';

export const DEFAULT_FILTER_LIMITS: Readonly<FilterLimits> = Object.freeze({
  maxLength: 8192,
  maxDepth: 32,
  maxTerms: 256,
});

const COMPARE_OP_SET: ReadonlySet<string> = new Set(COMPARE_OPS);
const START_OF_EXPRESSION = "an attribute path, '(' or 'not'";

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into a tree. Every failure is `ScimError.invalidFilter` with the
 * 1-based column and what was expected; there is no input for which this "matches everything".
 *
 * Grammar, with the RFC's left recursion (`logExp = FILTER SP ("and" / "or") SP FILTER`) resolved so that
 * `and` binds tighter than `or` (§3.4.2.2: "and" has higher precedence, both left-associative):
 *
 *     filter     = orExpr END
 *     orExpr     = andExpr *("or" andExpr)          ; built iteratively: long chains use no stack
 *     andExpr    = unary *("and" unary)
 *     unary      = "not" "(" orExpr ")" / "(" orExpr ")" / attrExpr
 *     attrExpr   = attrPath "[" orExpr "]" ["." ATTRNAME (SP "pr" / SP compareOp SP compValue)]
 *                / attrPath SP "pr" / attrPath SP compareOp SP compValue
 *
 * Whitespace: any run of spaces and tabs may separate tokens (Entra sends spaces unencoded, sometimes
 * doubled), and the RFC's SP is not demanded where tokens cannot merge (`not(`, `"x")`). A `[` must follow its
 * attribute directly, and the `.sub` after `]` must follow the `]` directly.
 *
 * Recursion only happens through `(`, `not (` and `[`, each of which counts against `maxDepth`.
 */
export function parseFilter(input: string, limits?: Partial<FilterLimits>): FilterNode {
  const ctx = filterContext(typeof input === 'string' ? input : '');
  if (typeof input !== 'string') throw ctx.fail('The filter must be a single string');
  const resolved = resolveLimits(limits);
  if (input.length > resolved.maxLength) {
    throw ctx.fail(
      `The filter is ${input.length} characters long, more than the limit of ${resolved.maxLength} (maxLength)`,
    );
  }
  const parser = new FilterParser(ctx, 0, resolved, false);
  return parser.parseAll();
}

/**
 * Parses the filter inside `[ … ]` of a PATCH path (RFC 7644 §3.10 `valuePath`), starting just after the `[`
 * and consuming the closing `]`. Paths inside are relative to the element (`type`, not `emails.type`).
 * Errors are raised through `ctx` (invalidPath for PATCH paths).
 */
export function parseBracketFilter(
  ctx: SourceContext,
  start: number,
  limits?: Partial<FilterLimits>,
): { filter: FilterNode; end: number } {
  const parser = new FilterParser(ctx, start, resolveLimits(limits), true);
  return parser.parseBracketBody(start - 1);
}

function resolveLimits(limits: Partial<FilterLimits> | undefined): FilterLimits {
  return {
    maxLength: limits?.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength,
    maxDepth: limits?.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth,
    maxTerms: limits?.maxTerms ?? DEFAULT_FILTER_LIMITS.maxTerms,
  };
}

type Closer = 'end' | 'rparen' | 'rbracket';

const CLOSER_TEXT: Readonly<Record<Closer, string>> = {
  end: "'and', 'or' or end of filter",
  rparen: "'and', 'or' or ')'",
  rbracket: "'and', 'or' or ']'",
};

class FilterParser {
  private readonly lexer: FilterLexer;
  private depth = 0;
  private terms = 0;

  constructor(
    private readonly ctx: SourceContext,
    start: number,
    private readonly limits: FilterLimits,
    /** Inside `[ … ]`: attribute paths are relative, no URN and no further `[`. */
    private inBrackets: boolean,
  ) {
    this.lexer = new FilterLexer(ctx, start);
  }

  parseAll(): FilterNode {
    const node = this.parseOr();
    this.expectCloser('end');
    return node;
  }

  parseBracketBody(openAt: number): { filter: FilterNode; end: number } {
    this.enter(openAt);
    const filter = this.parseOr();
    const close = this.expectCloser('rbracket');
    return { filter, end: close.end };
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    for (let op = this.peekKeyword('or'); op; op = this.peekKeyword('or')) {
      this.lexer.next();
      left = { kind: 'or', left, right: this.parseAnd(), pos: op.start };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    for (let op = this.peekKeyword('and'); op; op = this.peekKeyword('and')) {
      this.lexer.next();
      left = { kind: 'and', left, right: this.parseUnary(), pos: op.start };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.lexer.peek();
    if (token.kind === 'lparen') {
      this.lexer.next();
      return this.parseGroup(token.start);
    }
    if (token.kind === 'word') {
      const keyword = token.value.toLowerCase();
      if (keyword === 'not') {
        // RFC 7644 §3.4.2.2: `not` applies to a parenthesised filter only.
        this.lexer.next();
        const open = this.lexer.next();
        if (open.kind !== 'lparen') throw this.unexpected("'(' after 'not'", open);
        return { kind: 'not', expr: this.parseGroup(open.start), pos: token.start };
      }
      if (!FILTER_KEYWORDS.has(keyword)) return this.parseAttrExpr();
    }
    throw this.unexpected(START_OF_EXPRESSION, token);
  }

  /** After `(`: the expression and its `)`. */
  private parseGroup(openAt: number): FilterNode {
    this.enter(openAt);
    const node = this.parseOr();
    this.expectCloser('rparen');
    this.depth--;
    return node;
  }

  private parseAttrExpr(): FilterNode {
    const path = this.readPath(this.lexer.next());
    const open = this.lexer.peek();
    if (open.kind !== 'lbracket' || open.start !== path.pos + path.text.length)
      return this.parseComparison(path);

    // valuePath = attrPath "[" valFilter "]" (RFC 7644 §3.4.2.2)
    if (this.inBrackets) throw errorAt(this.ctx, open.start, "A '[' is not allowed inside '[ … ]'");
    if (path.sub !== undefined) {
      throw errorAt(
        this.ctx,
        open.start,
        `A '[' must follow an attribute without a sub-attribute, not '${path.text}'`,
      );
    }
    this.lexer.next();
    this.enter(open.start);
    this.inBrackets = true;
    let filter = this.parseOr();
    const close = this.expectCloser('rbracket');
    this.inBrackets = false;
    this.depth--;

    // The form connectors send, `emails[type eq "work"].value eq "x"` (RFC 7644 §3.10 allows
    // `valuePath.subAttr` in PATCH paths; Entra sends it in filters too): the sub-attribute condition joins
    // the element filter, so the result reads `emails[type eq "work" and value eq "x"]`.
    const dot = this.lexer.peek();
    if (dot.kind === 'word' && dot.start === close.end && dot.value.startsWith('.')) {
      this.lexer.next();
      const name = dot.value.slice(1);
      checkAttrName(this.ctx, name, dot.start + 1);
      const sub: AttrPath = { attr: name, text: name, pos: dot.start + 1 };
      filter = { kind: 'and', left: filter, right: this.parseComparison(sub), pos: dot.start };
    }
    return { kind: 'valuePath', path, filter, pos: path.pos };
  }

  /** `attrPath SP "pr"` or `attrPath SP compareOp SP compValue`. */
  private parseComparison(path: AttrPath): FilterNode {
    const opToken = this.lexer.next();
    const op = opToken.kind === 'word' ? opToken.value.toLowerCase() : '';
    if (op === 'pr') {
      this.countTerm(path.pos);
      const after = this.lexer.peek();
      if (after.kind === 'string' || (after.kind === 'word' && looksLikeValue(after.value))) {
        throw errorAt(this.ctx, after.start, "Unexpected value after 'pr' ('pr' takes no value)");
      }
      return { kind: 'present', path, pos: path.pos };
    }
    if (!COMPARE_OP_SET.has(op)) throw this.unexpected('a comparison operator', opToken);
    const value = this.readValue(this.lexer.next());
    this.countTerm(path.pos);
    return { kind: 'compare', op: op as CompareOp, path, value, pos: path.pos };
  }

  /**
   * `attrPath = [URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.4.2.2). The URN is everything before the last `:`
   * (so the `.` of `2.0` in `…:enterprise:2.0:User:department` is not a separator). After `properties.` the
   * property name may continue with single-space-separated words up to the next keyword (USER-SCHEMA.md §3.4).
   */
  private readPath(token: Token): AttrPath {
    const { ctx } = this;
    const word = token.value;
    const pos = token.start;
    let uri: string | undefined;
    let rest = word;
    let restAt = pos;
    const colon = word.lastIndexOf(':');
    if (colon >= 0) {
      if (this.inBrackets) throw errorAt(ctx, pos, "A schema URN is not allowed inside '[ … ]'");
      uri = word.slice(0, colon);
      checkSchemaUri(ctx, uri, pos);
      rest = word.slice(colon + 1);
      restAt = pos + colon + 1;
    }
    const dot = rest.indexOf('.');
    const attr = dot < 0 ? rest : rest.slice(0, dot);
    checkAttrName(ctx, attr, restAt);
    if (dot < 0) return makePath(uri, attr, undefined, word, pos);

    const subAt = restAt + dot + 1;
    const sub = rest.slice(dot + 1);
    const secondDot = sub.indexOf('.');
    if (secondDot >= 0) {
      throw errorAt(ctx, subAt + secondDot, 'Expected at most one sub-attribute in an attribute path');
    }
    checkAttrName(ctx, sub, subAt);
    let end = token.end;
    if (isPropertiesAttr(attr, uri)) end = this.readPropertyWords(end);
    return makePath(uri, attr, ctx.input.slice(subAt, end), ctx.input.slice(pos, end), pos);
  }

  /** More words of a custom property name (`cost center`): exactly one space before each, no keywords. */
  private readPropertyWords(from: number): number {
    const { input } = this.ctx;
    let end = from;
    for (let next = this.lexer.peek(); next.kind === 'word'; next = this.lexer.peek()) {
      if (FILTER_KEYWORDS.has(next.value.toLowerCase())) break;
      if (next.start !== end + 1 || input[end] !== ' ') {
        throw errorAt(this.ctx, end, 'Words of a property name must be separated by a single space');
      }
      checkPropertyWord(this.ctx, next.value, next.start);
      this.lexer.next();
      end = next.end;
    }
    return end;
  }

  /** `compValue = false / null / true / number / string` (RFC 7644 §3.4.2.2); keywords case-insensitive. */
  private readValue(token: Token): FilterValue {
    if (token.kind === 'string') return token.value;
    if (token.kind === 'word') {
      const lower = token.value.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (looksLikeNumber(token.value)) return this.readNumber(token);
    }
    throw this.unexpected('a value (a JSON string, number, true, false or null)', token);
  }

  /** A JSON number (RFC 8259 §6), checked by hand: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
  private readNumber(token: Token): number {
    const text = token.value;
    let i = 0;
    const digits = () => {
      const from = i;
      while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      return i - from;
    };
    if (text[i] === '-') i++;
    let valid = true;
    if (text[i] === '0') i++;
    else valid = digits() > 0;
    const integral = i;
    if (valid && text[i] === '.') {
      i++;
      valid = digits() > 0;
    }
    if (valid && (text[i] === 'e' || text[i] === 'E')) {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      valid = digits() > 0;
    }
    if (!valid || i !== text.length) throw errorAt(this.ctx, token.start, `Invalid number ${showText(text)}`);
    const value = Number(text);
    const isInteger = integral === text.length;
    if (!Number.isFinite(value) || (isInteger && !Number.isSafeInteger(value))) {
      throw errorAt(this.ctx, token.start, `Number ${showText(text)} is out of range`);
    }
    return value === 0 ? 0 : value; // no -0
  }

  private expectCloser(closer: Closer): Token {
    const token = this.lexer.next();
    if (token.kind === closer) return token;
    if (closer === 'end' && (token.kind === 'rparen' || token.kind === 'rbracket')) {
      throw errorAt(this.ctx, token.start, `Unbalanced '${token.value}'`);
    }
    if (token.kind === 'end' && closer !== 'end') {
      throw this.unexpected(closer === 'rparen' ? "')'" : "']'", token);
    }
    throw this.unexpected(CLOSER_TEXT[closer], token);
  }

  private peekKeyword(keyword: 'and' | 'or'): Token | undefined {
    const token = this.lexer.peek();
    return token.kind === 'word' &&
      token.value.length === keyword.length &&
      token.value.toLowerCase() === keyword
      ? token
      : undefined;
  }

  private enter(at: number): void {
    if (++this.depth > this.limits.maxDepth) {
      throw errorAt(this.ctx, at, `Nesting deeper than the limit of ${this.limits.maxDepth} (maxDepth)`);
    }
  }

  private countTerm(at: number): void {
    if (++this.terms > this.limits.maxTerms) {
      throw errorAt(this.ctx, at, `More comparisons than the limit of ${this.limits.maxTerms} (maxTerms)`);
    }
  }

  private unexpected(what: string, token: Token) {
    return expectedAt(this.ctx, what, token.start, token.end);
  }
}

function looksLikeNumber(word: string): boolean {
  const c = word.charCodeAt(0);
  return c === 0x2d || (c >= 0x30 && c <= 0x39);
}

function looksLikeValue(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'true' || lower === 'false' || lower === 'null' || looksLikeNumber(word);
}

function makePath(
  uri: string | undefined,
  attr: string,
  sub: string | undefined,
  text: string,
  pos: number,
): AttrPath {
  const path: AttrPath = { attr, text, pos };
  if (uri !== undefined) path.uri = uri;
  if (sub !== undefined) path.sub = sub;
  return path;
}
