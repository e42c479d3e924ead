/**
 * loginInfo (USER-SCHEMA.md §3.3), on the user and on each credential. It is written only by PATCH:
 * authentication front-ends record a login by adding `{"success": true|false}` at a loginInfo path.
 */
export interface LoginInfo {
  lastLogin?: string;
  lastLoginFailure?: string;
  successfulLoginCount?: number;
  failedLoginCount?: number;
}

/** A counter as stored, or 0 when there is none yet. */
const count = (value: number | undefined): number => (typeof value === 'number' ? value : 0);

/**
 * One login event now: success sets lastLogin and increments successfulLoginCount; failure sets
 * lastLoginFailure and increments failedLoginCount. Pure: returns a new object. Times are ISO 8601 with
 * milliseconds (Date#toISOString). Missing counters count from 0.
 */
export function recordLoginEvent(info: LoginInfo | undefined, success: boolean, now: Date): LoginInfo {
  const at = now.toISOString();
  return success
    ? { ...info, lastLogin: at, successfulLoginCount: count(info?.successfulLoginCount) + 1 }
    : { ...info, lastLoginFailure: at, failedLoginCount: count(info?.failedLoginCount) + 1 };
}

const isSuccessKey = (key: string): boolean => key.toLowerCase() === 'success';

/**
 * A loginInfo object as PATCH left it: when it carries a boolean `success` member, record that event and
 * drop `success`; otherwise return it unchanged (without any `success` member). Anything non-object (null,
 * an array, a scalar) → undefined. `success` is matched case-insensitively, as every SCIM attribute name
 * is (RFC 7643 §2.1); the first boolean one decides, and all of them are dropped.
 */
export function settleLoginInfo(value: unknown, now: Date): LoginInfo | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const rest: Record<string, unknown> = {};
  let success: boolean | undefined;
  for (const [key, member] of Object.entries(value)) {
    if (!isSuccessKey(key)) rest[key] = member;
    else if (success === undefined && typeof member === 'boolean') success = member;
  }
  const info = rest as LoginInfo;
  return success === undefined ? info : recordLoginEvent(info, success, now);
}
