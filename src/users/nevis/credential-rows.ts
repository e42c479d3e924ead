// The credential rules of the nevisIDM model that need no database (USER-SCHEMA.md §3.1, §3.3).
import {
  generateOath,
  generateRecoveryCodes,
  generateTemporaryPassword,
  generateTicket,
  generateUrlTicket,
  type CredentialTypeRule,
} from '../../scim/nevis/credential-types';
import type { LoginInfo } from '../../scim/nevis/login-info';
import type { ScimResource } from '../../scim/schema/schema.registry';
import type { LoginColumns } from '../entities/login-columns';
import type { SecretWrite } from './nevis-rows';
import { hashGenerated } from './nevis-secrets';
import { asList, asObj, EXT, str, type Obj } from '../json-values';

/** Issuer shown by authenticator apps for OATH credentials. */
const OATH_ISSUER = 'scim-idm';

/** loginInfo (USER-SCHEMA.md §3.3) as the columns of a user or credential; null where there is no value. */
export function loginColumns(info: LoginInfo | undefined): LoginColumns {
  return {
    lastLogin: info?.lastLogin ? new Date(info.lastLogin) : null,
    lastLoginFailure: info?.lastLoginFailure ? new Date(info.lastLoginFailure) : null,
    successfulLoginCount: info?.successfulLoginCount ?? null,
    failedLoginCount: info?.failedLoginCount ?? null,
  };
}

/**
 * Core `password` sets the PASSWORD credential (USER-SCHEMA.md §1, issue 3 item 3); returns the element it
 * went into, so errors about it can name `password`.
 */
export function foldCorePassword(resource: ScimResource, credentials: Obj[]): Obj | undefined {
  if (typeof resource.password !== 'string') return undefined;
  const existing = credentials.find((c) => c.type === 'PASSWORD');
  if (existing && existing.password !== undefined) return undefined;
  if (existing) {
    existing.password = resource.password;
    return existing;
  }
  const created = { type: 'PASSWORD', password: resource.password };
  credentials.push(created);
  return created;
}

/** The new password a user as it will be stored sets on its PASSWORD credential, if any. */
export function newPassword(resource: ScimResource): string | undefined {
  const credentials = asList(asObj(resource[EXT]).credentials);
  const given = credentials.find((c) => c.type === 'PASSWORD' && typeof c.password === 'string');
  if (given) return given.password as string;
  return typeof resource.password === 'string' ? resource.password : undefined;
}

/**
 * Security answers are write-only, so a stored SECURITY_QUESTIONS credential comes back without them; the
 * type check sees placeholders for a stored credential whose answers were not given again.
 */
export function withStoredAnswers(c: Obj, stored: boolean): Obj {
  if (!stored || c.type !== 'SECURITY_QUESTIONS') return c;
  const questions = asList(c.questions);
  if (questions.some((q) => typeof q.answer === 'string')) return c;
  return { ...c, questions: questions.map((q) => ({ ...q, answer: '(stored)' })) };
}

/** A new credential's generated secret (by its type's rule): what is shown once, and what is stored. */
export function generateSecret(
  kind: NonNullable<CredentialTypeRule['generated']>,
  c: Obj,
  now: Date,
): { shown: Obj; secret: SecretWrite } {
  switch (kind) {
    case 'password': {
      const password = generateTemporaryPassword();
      return { shown: { password }, secret: { hash: hashGenerated(password), data: null } };
    }
    case 'otpauthUri': {
      const { secret, otpauthUri } = generateOath(String(c.label), OATH_ISSUER);
      // The seed stays readable to the server (an OTP verifier needs it); it is never returned again.
      return { shown: { otpauthUri }, secret: { hash: null, data: JSON.stringify({ seed: secret }) } };
    }
    case 'codes': {
      const codes = generateRecoveryCodes();
      const stored = { codes: codes.map(hashGenerated), generated: now.toISOString() };
      return { shown: { codes }, secret: { hash: null, data: JSON.stringify(stored) } };
    }
    case 'ticket': {
      const ticket = generateTicket();
      return { shown: { ticket }, secret: { hash: hashGenerated(ticket), data: null } };
    }
    case 'url': {
      const { ticket, url } = generateUrlTicket(str(c.urlPrefix) ?? '');
      return { shown: { url }, secret: { hash: hashGenerated(ticket), data: null } };
    }
  }
}
