import {
  codePointLength,
  describeTextProblem,
  hasLoneSurrogate,
  normalizeCaseInsensitive,
  textProblem,
  type TextProblem,
} from './text';

describe('codePointLength', () => {
  it.each<{ title: string; text: string; length: number }>([
    { title: 'the empty string', text: '', length: 0 },
    { title: 'ASCII', text: 'abc', length: 3 },
    { title: 'a BMP letter', text: 'é', length: 1 },
    { title: 'a decomposed letter (two code points)', text: 'e\u0301', length: 2 },
    { title: 'an astral emoji (two UTF-16 units)', text: '😀', length: 1 },
    { title: 'mixed ASCII and astral', text: 'a😀b😀', length: 4 },
    { title: 'a lone high surrogate', text: '\ud800', length: 1 },
    { title: 'a lone high surrogate before a letter', text: '\ud800a', length: 2 },
    { title: 'a low surrogate before a high one', text: '\udc00\ud800', length: 2 },
    { title: 'CJK', text: '漢字', length: 2 },
  ])('counts $title as $length', ({ text, length }) => {
    expect(codePointLength(text)).toBe(length);
    expect(codePointLength(text)).toBe(Array.from(text).length);
  });
});

describe('hasLoneSurrogate', () => {
  it.each<{ text: string; lone: boolean }>(
    [
      { text: 'abc', lone: false },
      { text: '😀', lone: false },
      { text: '\ud83d', lone: true },
      { text: '\ude00', lone: true },
      { text: 'x\ude00\ud83d', lone: true },
      { text: '😀\ud83d', lone: true },
    ].map((row) => ({ ...row, shown: JSON.stringify(row.text) })),
  )('says $lone for $shown', ({ text, lone }) => {
    expect(hasLoneSurrogate(text)).toBe(lone);
  });
});

describe('textProblem', () => {
  it.each<{ title: string; text: string; identifier: boolean; problem: TextProblem | undefined }>([
    { title: 'plain text', text: 'Ada Lovelace', identifier: false, problem: undefined },
    { title: 'plain identifier', text: 'ada.lovelace@example.com', identifier: true, problem: undefined },
    { title: 'accents and CJK in an identifier', text: 'zoë-漢字', identifier: true, problem: undefined },
    { title: 'an emoji in an identifier', text: 'ada😀', identifier: true, problem: undefined },
    { title: 'tab, LF and CR in text', text: 'a\tb\nc\r', identifier: false, problem: undefined },
    { title: 'NUL in text', text: 'a\u0000b', identifier: false, problem: 'control' },
    { title: 'ESC in text', text: '\u001b[31m', identifier: false, problem: 'control' },
    { title: 'DEL in text', text: 'a\u007f', identifier: false, problem: 'control' },
    { title: 'a C1 control in text', text: '\u0085', identifier: false, problem: 'control' },
    { title: 'a lone surrogate in text', text: 'a\ud800', identifier: false, problem: 'surrogate' },
    { title: 'a lone surrogate in an identifier', text: '\udc00a', identifier: true, problem: 'surrogate' },
    { title: 'a tab in an identifier', text: 'a\tb', identifier: true, problem: 'invisible' },
    { title: 'NUL in an identifier', text: 'a\u0000', identifier: true, problem: 'invisible' },
    {
      title: 'a zero-width space in an identifier',
      text: 'ad\u200bmin',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a zero-width non-joiner in an identifier',
      text: 'ad\u200cmin',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a zero-width joiner in an identifier',
      text: 'ad\u200dmin',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a left-to-right mark in an identifier',
      text: '\u200eadmin',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a right-to-left override in an identifier',
      text: 'admin\u202egpj',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a left-to-right embedding in an identifier',
      text: '\u202aadmin',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a first-strong isolate in an identifier',
      text: '\u2068admin',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'an Arabic letter mark in an identifier',
      text: '\u061cadmin',
      identifier: true,
      problem: 'invisible',
    },
    { title: 'a word joiner in an identifier', text: 'ad\u2060min', identifier: true, problem: 'invisible' },
    {
      title: 'a byte-order mark in an identifier',
      text: '\ufeffadmin',
      identifier: true,
      problem: 'invisible',
    },
    { title: 'a soft hyphen in an identifier', text: 'ad\u00admin', identifier: true, problem: 'invisible' },
    {
      title: 'a combining grapheme joiner in an identifier',
      text: 'ad\u034fmin',
      identifier: true,
      problem: 'invisible',
    },
    { title: 'a Hangul filler in an identifier', text: '\u3164', identifier: true, problem: 'invisible' },
    {
      title: 'a variation selector in an identifier',
      text: 'a\ufe0f',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a tag character in an identifier',
      text: 'a\udb40\udc41',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a supplementary variation selector in an identifier',
      text: 'a\udb40\udd00',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'a musical-symbol format control in an identifier',
      text: 'a\ud834\udd73',
      identifier: true,
      problem: 'invisible',
    },
    {
      title: 'an astral letter in an identifier',
      text: '\ud835\udc9c',
      identifier: true,
      problem: undefined,
    },
  ])('$title: $problem', ({ text, identifier, problem }) => {
    expect(textProblem(text, identifier)).toBe(problem);
  });

  it.each<TextProblem>(['control', 'surrogate', 'invisible'])('describes %s for a person', (problem) => {
    expect(describeTextProblem(problem)).toMatch(/^contains /);
  });
});

describe('normalizeCaseInsensitive', () => {
  it.each<{ title: string; text: string; normalized: string }>([
    { title: 'lower-cases ASCII', text: 'Ada.Lovelace@Example.COM', normalized: 'ada.lovelace@example.com' },
    { title: 'folds full-width letters (NFKC)', text: 'ＡＤＡ', normalized: 'ada' },
    { title: 'folds ligatures (NFKC)', text: 'ﬁnn', normalized: 'finn' },
    { title: 'folds the Kelvin sign to k', text: '\u212aelvin', normalized: 'kelvin' },
    { title: 'composes a decomposed accent', text: 'Zoe\u0308', normalized: 'zoë' },
    { title: 'keeps the composed accent', text: 'ZOË', normalized: 'zoë' },
    { title: 'folds superscript digits', text: 'x²', normalized: 'x2' },
    { title: 'keeps the empty string', text: '', normalized: '' },
  ])('$title', ({ text, normalized }) => {
    expect(normalizeCaseInsensitive(text)).toBe(normalized);
  });

  it('makes decomposed and composed, upper and lower spellings equal', () => {
    expect(normalizeCaseInsensitive('ZOE\u0308')).toBe(normalizeCaseInsensitive('zoë'));
  });
});
