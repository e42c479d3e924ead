import { ScimError } from '../errors/scim-error';
import { codePointLength, normalizeCaseInsensitive } from '../values/text';

/**
 * A client's password policy (USER-SCHEMA.md §3.1, PASSWORD credentials). Violations are sentences that
 * start with the rule's name, so a 422 tells the caller exactly which rule to satisfy.
 */
export interface PasswordPolicyRules {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSpecial: boolean;
  notEqualUserName: boolean;
  /** How many previous passwords a new one must differ from; checked by the service (it needs the hashes). */
  history: number;
}

const LOWERCASE = /\p{Ll}/u;
const UPPERCASE = /\p{Lu}/u;
const DIGIT = /\p{Nd}/u;
/** Anything that is not a letter, a decimal digit or whitespace. */
const SPECIAL = /[^\p{L}\p{Nd}\p{White_Space}]/u;

/** The user-name comparison form: NFKC, trimmed, lower case. */
const comparable = (text: string): string => normalizeCaseInsensitive(text).trim();

/**
 * Every rule the password breaks, each as a sentence naming the rule, e.g. "minLength: at least 12
 * characters"; [] when it complies. Length counts Unicode code points. An empty password is never
 * acceptable: it breaks `minLength` even when the policy's minimum is 0, since "no password" is not a
 * password. The `history` rule is not checked here (see `historyViolation`).
 */
export function passwordPolicyViolations(
  policy: PasswordPolicyRules,
  password: string,
  userName: string | undefined,
): string[] {
  const violations: string[] = [];
  const minLength = Math.max(policy.minLength, 1);
  if (codePointLength(password) < minLength)
    violations.push(`minLength: at least ${minLength} character${minLength === 1 ? '' : 's'}`);
  if (policy.requireLowercase && !LOWERCASE.test(password))
    violations.push('requireLowercase: at least one lowercase letter');
  if (policy.requireUppercase && !UPPERCASE.test(password))
    violations.push('requireUppercase: at least one uppercase letter');
  if (policy.requireDigit && !DIGIT.test(password)) violations.push('requireDigit: at least one digit');
  if (policy.requireSpecial && !SPECIAL.test(password))
    violations.push('requireSpecial: at least one character that is not a letter, a digit or whitespace');
  if (
    policy.notEqualUserName &&
    userName !== undefined &&
    comparable(userName) !== '' &&
    comparable(password) === comparable(userName)
  )
    violations.push('notEqualUserName: must not equal the user name');
  return violations;
}

/** The `history` rule's sentence, so the service that checks it words it like the other rules. */
export function historyViolation(n: number): string {
  return `history: must differ from the last ${n} passwords`;
}

/** Throws ScimError.policy (422) naming `path` and every violated rule joined with '; '. */
export function enforcePasswordPolicy(
  policy: PasswordPolicyRules,
  password: string,
  userName: string | undefined,
  path: string,
): void {
  const violations = passwordPolicyViolations(policy, password, userName);
  if (violations.length > 0)
    throw ScimError.policy(`${path} violates the password policy: ${violations.join('; ')}`);
}
