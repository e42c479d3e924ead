import { ScimError } from '../errors/scim-error';
import {
  enforcePasswordPolicy,
  historyViolation,
  passwordPolicyViolations,
  type PasswordPolicyRules,
} from './password-policy';

const lenient: PasswordPolicyRules = {
  minLength: 0,
  requireLowercase: false,
  requireUppercase: false,
  requireDigit: false,
  requireSpecial: false,
  notEqualUserName: false,
  history: 0,
};
const strict: PasswordPolicyRules = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigit: true,
  requireSpecial: true,
  notEqualUserName: true,
  history: 5,
};
const only = (rules: Partial<PasswordPolicyRules>): PasswordPolicyRules => ({ ...lenient, ...rules });

/** The rule names of the violations, for compact expectations. */
const ruleNames = (violations: string[]): string[] => violations.map((v) => v.split(':')[0]);

describe('passwordPolicyViolations', () => {
  it.each<{ title: string; password: string }>([
    { title: 'ASCII', password: 'Correct-Horse-7' },
    { title: 'non-Latin letters', password: 'Ωmega-ωmega-9x' },
    { title: 'an Arabic-Indic digit', password: 'Abcdefghijk-٣' },
    { title: 'a space and a symbol', password: 'Abcdefghij 1€' },
  ])('accepts a strong password: $title', ({ password }) => {
    expect(passwordPolicyViolations(strict, password, 'alice')).toEqual([]);
  });

  it('names every broken rule in policy order with a full sentence', () => {
    expect(passwordPolicyViolations(strict, 'short', 'alice')).toEqual([
      'minLength: at least 12 characters',
      'requireUppercase: at least one uppercase letter',
      'requireDigit: at least one digit',
      'requireSpecial: at least one character that is not a letter, a digit or whitespace',
    ]);
  });

  it.each<{ title: string; rules: Partial<PasswordPolicyRules>; password: string; broken: string[] }>([
    { title: 'exactly the minimum', rules: { minLength: 4 }, password: 'abcd', broken: [] },
    { title: 'one short of the minimum', rules: { minLength: 4 }, password: 'abc', broken: ['minLength'] },
    { title: 'astral characters count once', rules: { minLength: 4 }, password: '😀😀😀😀', broken: [] },
    {
      title: 'UTF-16 units are not characters',
      rules: { minLength: 4 },
      password: '😀😀',
      broken: ['minLength'],
    },
    { title: 'empty with minimum 0', rules: { minLength: 0 }, password: '', broken: ['minLength'] },
    { title: 'empty with minimum 8', rules: { minLength: 8 }, password: '', broken: ['minLength'] },
    { title: 'one character with minimum 0', rules: { minLength: 0 }, password: 'x', broken: [] },
    { title: 'lowercase present', rules: { requireLowercase: true }, password: 'ABCé', broken: [] },
    {
      title: 'lowercase missing',
      rules: { requireLowercase: true },
      password: 'ABC1!',
      broken: ['requireLowercase'],
    },
    { title: 'uppercase present', rules: { requireUppercase: true }, password: 'abcÉ', broken: [] },
    {
      title: 'uppercase missing (CJK has no case)',
      rules: { requireUppercase: true },
      password: '漢字abc',
      broken: ['requireUppercase'],
    },
    { title: 'digit present', rules: { requireDigit: true }, password: 'abc7', broken: [] },
    { title: 'full-width digit', rules: { requireDigit: true }, password: 'abc７', broken: [] },
    { title: 'digit missing', rules: { requireDigit: true }, password: 'abc!', broken: ['requireDigit'] },
    {
      title: 'superscript two is not a decimal digit',
      rules: { requireDigit: true },
      password: 'abc²',
      broken: ['requireDigit'],
    },
    { title: 'special: punctuation', rules: { requireSpecial: true }, password: 'abc.', broken: [] },
    { title: 'special: emoji', rules: { requireSpecial: true }, password: 'abc😀', broken: [] },
    {
      title: 'special: letters and digits only',
      rules: { requireSpecial: true },
      password: 'Abc123',
      broken: ['requireSpecial'],
    },
    {
      title: 'special: whitespace does not count',
      rules: { requireSpecial: true },
      password: 'abc \t\u00a0\u3000def',
      broken: ['requireSpecial'],
    },
  ])('$title → $broken', ({ rules, password, broken }) => {
    expect(ruleNames(passwordPolicyViolations(only(rules), password, undefined))).toEqual(broken);
  });

  it.each<{ title: string; password: string; userName: string | undefined; equal: boolean }>([
    { title: 'identical', password: 'alice', userName: 'alice', equal: true },
    { title: 'different case', password: 'ALICE', userName: 'Alice', equal: true },
    { title: 'surrounding whitespace', password: '  alice\t', userName: 'alice', equal: true },
    { title: 'full-width letters (NFKC)', password: 'ａｌｉｃｅ', userName: 'alice', equal: true },
    { title: 'decomposed accent (NFKC)', password: 'Rene\u0301', userName: 'rené', equal: true },
    {
      title: 'ideographic space trimmed after NFKC',
      password: '\u3000alice',
      userName: 'alice',
      equal: true,
    },
    { title: 'a longer password', password: 'alice1', userName: 'alice', equal: false },
    { title: 'no user name', password: 'alice', userName: undefined, equal: false },
    { title: 'an empty user name', password: ' ', userName: '', equal: false },
  ])('notEqualUserName: $title → $equal', ({ password, userName, equal }) => {
    const violations = passwordPolicyViolations(only({ notEqualUserName: true }), password, userName);
    expect(violations.includes('notEqualUserName: must not equal the user name')).toBe(equal);
  });

  it('ignores the user name when notEqualUserName is off', () => {
    expect(passwordPolicyViolations(lenient, 'alice', 'alice')).toEqual([]);
  });

  it('does not check history (the service does)', () => {
    expect(passwordPolicyViolations(only({ history: 10 }), 'x', undefined)).toEqual([]);
  });
});

describe('historyViolation', () => {
  it.each([1, 5, 24])('words the history rule for %i passwords', (n) => {
    expect(historyViolation(n)).toBe(`history: must differ from the last ${n} passwords`);
  });
});

describe('enforcePasswordPolicy', () => {
  it('returns quietly for a compliant password', () => {
    expect(() => enforcePasswordPolicy(strict, 'Correct-Horse-7', 'alice', 'password')).not.toThrow();
  });

  it('throws one 422 naming the path and every violated rule', () => {
    let caught: unknown;
    try {
      enforcePasswordPolicy(strict, 'ALICE', 'alice', 'credentials[0].password');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScimError);
    const error = caught as ScimError;
    expect(error.status).toBe(422);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toBe(
      'credentials[0].password violates the password policy: ' +
        [
          'minLength: at least 12 characters',
          'requireLowercase: at least one lowercase letter',
          'requireDigit: at least one digit',
          'requireSpecial: at least one character that is not a letter, a digit or whitespace',
          'notEqualUserName: must not equal the user name',
        ].join('; '),
    );
  });

  it('rejects an empty password even under a lenient policy', () => {
    expect(() => enforcePasswordPolicy(lenient, '', undefined, 'password')).toThrow(
      'password violates the password policy: minLength: at least 1 character',
    );
  });
});
