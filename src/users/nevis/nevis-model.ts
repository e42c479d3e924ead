import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantContext } from '../../clients/tenant-context';
import { sha256Hex } from '../../common/crypto/secret-hasher';
import { ScimError } from '../../scim/errors/scim-error';
import {
  certificateFacts,
  checkCredentials,
  CREDENTIAL_RULES,
  generateOath,
  generateOtpCardNumber,
  generateRecoveryCodes,
  generateTemporaryPassword,
  generateTicket,
  generateUrlTicket,
  type CredentialType,
  type CredentialTypeRule,
} from '../../scim/nevis/credential-types';
import { checkProperties, propertyStorageText } from '../../scim/nevis/custom-properties';
import { settleLoginInfo, type LoginInfo } from '../../scim/nevis/login-info';
import type { PropertyScope } from '../../scim/nevis/property-rules';
import { enforcePasswordPolicy, historyViolation } from '../../scim/policy/password-policy';
import type { ScimResource } from '../../scim/schema/schema.registry';
import { URN } from '../../scim/schema/urns';
import type { LoginColumns } from '../entities/login-columns';
import { CatalogueLookup, type PropertyDefinitionRef } from '../../clients/catalogue/catalogue-lookup';
import type {
  AuthorizationRow,
  CredentialRow,
  NevisRows,
  ProfileRow,
  PropertyRow,
  SecretWrite,
  StoredNevis,
} from './nevis-rows';
import { hashGenerated, matchesAny, type SecretHashes } from './nevis-secrets';
import { NevisRepository } from './nevis.repository';

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const date = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);

const EXT = URN.nevisUser;
const CREDENTIALS = `${EXT}:credentials`;
const PROFILES = `${EXT}:profiles`;

/** Issuer shown by authenticator apps for OATH credentials. */
const OATH_ISSUER = 'scim-idm';

export interface NevisWrite {
  /** The extension's child rows, written as a whole. */
  rows: NevisRows;
  /** The user's own loginInfo columns; undefined: keep the stored ones. */
  login: LoginColumns | undefined;
  /**
   * Secrets the server generated for new credentials, by credential extId: shown in this write's response
   * and never again.
   */
  oneTime: Map<string, Obj>;
}

export interface NevisWriteInput {
  tenant: TenantContext;
  /** The user as it will be stored (canonical SCIM JSON, already coerced). */
  resource: ScimResource;
  /** The stored children (PUT, PATCH); none on create. */
  current?: StoredNevis;
  /** On create, a user without profiles gets one in the client's default unit. */
  creating: boolean;
  /**
   * loginInfo is written by PATCH only (USER-SCHEMA.md §3.3): POST and PUT keep what is stored (nothing, for
   * a new user or credential), whatever their body says.
   */
  keepLoginInfo: boolean;
  secrets: SecretHashes;
  now: Date;
  m?: EntityManager;
}

function loginColumns(info: LoginInfo | undefined): LoginColumns {
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
function foldCorePassword(resource: ScimResource, credentials: Obj[]): Obj | undefined {
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
 * The nevisIDM extension's children as rows, with every rule of USER-SCHEMA.md §3 checked on the user as
 * it will be stored: credential types and cardinality, the password policy, secrets hashed (user-chosen,
 * before the transaction) or generated (for new credentials, returned once), profiles in units of the
 * client's catalogue with exactly one default, authorizations on catalogue roles (each once per profile),
 * custom properties against their definitions, and login events recorded.
 */
@Injectable()
export class NevisModel {
  constructor(
    private readonly catalogue: CatalogueLookup,
    private readonly repo: NevisRepository,
  ) {}

  /**
   * The password history rule (checked before the write: it verifies slow hashes): a new password must
   * differ from the user's last N passwords.
   */
  async checkPasswordHistory(tenant: TenantContext, userId: string, resource: ScimResource): Promise<void> {
    const n = tenant.settings.passwordPolicy.history;
    const password = newPassword(resource);
    if (!n || password === undefined) return;
    const hashes = (await this.repo.passwordHashes(tenant, userId)).slice(0, n);
    if (await matchesAny(password, hashes)) {
      throw ScimError.policy(`password violates the password policy: ${historyViolation(n)}`);
    }
  }

  async prepare(input: NevisWriteInput): Promise<NevisWrite> {
    const { tenant, resource, now } = input;
    const nevis = asObj(resource[EXT]);
    checkValidity(nevis, EXT);
    const definitions = await this.catalogue.definitions(tenant, input.m);
    const oneTime = new Map<string, Obj>();
    const credentials = await this.credentials(input, nevis, definitions, oneTime);
    const profiles = await this.profiles(input, nevis, definitions);
    const properties: PropertyRow[] = [
      ...propertyRows(definitions, 'user', nevis.properties, `${EXT}:properties`, ''),
      ...credentials.properties,
      ...profiles.properties,
    ];
    return {
      rows: { credentials: credentials.rows, profiles: profiles.rows, properties },
      login: input.keepLoginInfo ? undefined : loginColumns(settleLoginInfo(nevis.loginInfo, now)),
      oneTime,
    };
  }

  private async credentials(
    input: NevisWriteInput,
    nevis: Obj,
    definitions: PropertyDefinitionRef[],
    oneTime: Map<string, Obj>,
  ): Promise<{ rows: CredentialRow[]; properties: PropertyRow[] }> {
    const { tenant, resource, now } = input;
    const stored = new Map((input.current?.credentials ?? []).map((c) => [c.extId, c]));
    let list = asList(nevis.credentials).map((c) => ({ ...c }));
    const core = foldCorePassword(resource, list);
    // "Creating again replaces them" (RECOVERY_CODE): a new set supersedes the stored one.
    if (list.some((c) => c.type === 'RECOVERY_CODE' && !stored.has(String(c.extId)))) {
      list = list.filter((c) => !(c.type === 'RECOVERY_CODE' && stored.has(String(c.extId))));
    }
    checkCredentials(
      list.map((c) => withStoredAnswers(c, stored.has(String(c.extId)))),
      CREDENTIALS,
    );
    const rows: CredentialRow[] = [];
    const properties: PropertyRow[] = [];
    for (const [position, c] of list.entries()) {
      const path = `${CREDENTIALS}[${position}]`;
      checkValidity(c, path);
      const type = c.type as CredentialType;
      const rule = CREDENTIAL_RULES[type];
      const extId = str(c.extId) ?? randomUUID();
      const before = stored.get(extId);
      if (before && before.type !== type) {
        throw ScimError.mutability(`${path}.type is immutable: credential '${extId}' is a ${before.type}`);
      }
      const storedData = before?.data ? (JSON.parse(before.data) as Obj) : {};
      const data: Obj = {};
      for (const name of rule.attributes) {
        if (rule.secrets.includes(name) || c[name] === undefined) continue;
        data[name] =
          name === 'questions' ? asList(c.questions).map((q) => ({ question: q.question })) : c[name];
      }
      if (type === 'CERTIFICATE') {
        const pem = String(c.certificate);
        if (before && storedData.certificate !== pem) {
          throw ScimError.mutability(`${path}.certificate is immutable: add a new CERTIFICATE credential`);
        }
        Object.assign(data, certificateFacts(pem));
      }
      if (type === 'OTP') data.cardNumber = storedData.cardNumber ?? generateOtpCardNumber();

      let secret: SecretWrite = 'keep';
      const given = str(c.password) ?? str(c.puk);
      if (given !== null) {
        if (type === 'PASSWORD') {
          enforcePasswordPolicy(
            tenant.settings.passwordPolicy,
            given,
            str(resource.userName) ?? undefined,
            c === core ? 'password' : `${path}.password`,
          );
        }
        const history = type === 'PASSWORD' ? tenant.settings.passwordPolicy.history : 0;
        secret = { hash: await input.secrets.hash(given), data: null, history };
      } else if (
        type === 'SECURITY_QUESTIONS' &&
        asList(c.questions).some((q) => typeof q.answer === 'string')
      ) {
        const answers = await Promise.all(
          asList(c.questions).map((q) => input.secrets.hash(String(q.answer))),
        );
        secret = { hash: null, data: JSON.stringify({ answers }) };
      } else if (!before && rule.generated) {
        const generated = generateSecret(rule.generated, c, now);
        oneTime.set(extId, generated.shown);
        secret = generated.secret;
      } else if (!before) {
        secret = { hash: null, data: null };
      }
      rows.push({
        extId,
        position,
        type,
        state: str(c.state) ?? 'active',
        validFrom: date(c.validFrom),
        validTo: date(c.validTo),
        policyExtId: str(c.policyExtId),
        data: Object.keys(data).length > 0 ? JSON.stringify(data) : null,
        secret,
        login: input.keepLoginInfo ? 'keep' : loginColumns(settleLoginInfo(c.loginInfo, now)),
      });
      properties.push(...propertyRows(definitions, 'credential', c.properties, `${path}.properties`, extId));
    }
    return { rows, properties };
  }

  private async profiles(
    input: NevisWriteInput,
    nevis: Obj,
    definitions: PropertyDefinitionRef[],
  ): Promise<{ rows: ProfileRow[]; properties: PropertyRow[] }> {
    const { tenant } = input;
    let list = asList(nevis.profiles);
    if (input.creating && list.length === 0 && tenant.settings.defaultUnitExtId) {
      // nevisIDM profile policy: a new user gets a default profile in the client's default unit.
      list = [{ unitExtId: tenant.settings.defaultUnitExtId, default: true }];
    }
    const authorizations = list.flatMap((p) => asList(p.authorizations));
    const [units, roles, enterpriseRoles] = await Promise.all([
      this.catalogue.unitIds(tenant, list.map((p) => str(p.unitExtId)).filter(isString), input.m),
      this.catalogue.roleIds(tenant, authorizations.map((a) => str(a.role)).filter(isString), input.m),
      this.catalogue.enterpriseRoleIds(
        tenant,
        authorizations.map((a) => str(a.enterpriseRoleExtId)).filter(isString),
        input.m,
      ),
    ]);
    const defaults = defaultProfile(list, input.current);
    const extIds = new UniqueExtIds();
    const rows: ProfileRow[] = [];
    const properties: PropertyRow[] = [];
    for (const [position, p] of list.entries()) {
      const path = `${PROFILES}[${position}]`;
      checkValidity(p, path);
      const extId = extIds.claim(str(p.extId), `${path}.extId`);
      const unitExtId = str(p.unitExtId);
      if (unitExtId === null) throw ScimError.invalidValue(`${path}.unitExtId is required`);
      const unitId = units.get(unitExtId);
      if (unitId === undefined) {
        throw ScimError.policy(`${path}.unitExtId: there is no unit '${unitExtId}' in this client`);
      }
      rows.push({
        extId,
        position,
        name: str(p.name),
        unitId,
        state: str(p.state) ?? 'active',
        isDefault: position === defaults,
        validFrom: date(p.validFrom),
        validTo: date(p.validTo),
        remarks: str(p.remarks),
        authorizations: asList(p.authorizations).map((a, i) =>
          authorizationRow(a, i, `${path}.authorizations[${i}]`, extIds, roles, enterpriseRoles),
        ),
      });
      checkRolesOnce(rows[rows.length - 1].authorizations, path);
      properties.push(...propertyRows(definitions, 'profile', p.properties, `${path}.properties`, extId));
    }
    return { rows, properties };
  }
}

const isString = (v: string | null): v is string => v !== null;

/** A validity window ends after it starts (400 invalidValue naming both ends). */
function checkValidity(o: Obj, path: string): void {
  const from = date(o.validFrom);
  const to = date(o.validTo);
  if (from && to && to.getTime() < from.getTime()) {
    throw ScimError.invalidValue(
      `${path}.validTo (${String(o.validTo)}) is before ${path}.validFrom (${String(o.validFrom)})`,
    );
  }
}

/**
 * Security answers are write-only, so a stored SECURITY_QUESTIONS credential comes back without them; the
 * type check sees placeholders for a stored credential whose answers were not given again.
 */
function withStoredAnswers(c: Obj, stored: boolean): Obj {
  if (!stored || c.type !== 'SECURITY_QUESTIONS') return c;
  const questions = asList(c.questions);
  if (questions.some((q) => typeof q.answer === 'string')) return c;
  return { ...c, questions: questions.map((q) => ({ ...q, answer: '(stored)' })) };
}

/** extIds unique within the user (USER-SCHEMA.md §3): generated when absent, 409 when given twice. */
class UniqueExtIds {
  private readonly seen = new Map<string, string>();

  claim(given: string | null, path: string): string {
    const extId = given ?? randomUUID();
    const first = this.seen.get(extId);
    if (first !== undefined) throw ScimError.uniqueness(`${path}: '${extId}' is already used by ${first}`);
    this.seen.set(extId, path);
    return extId;
  }
}

/**
 * Which profile is the default: exactly one when there are any. A profile newly marked default wins over
 * the one that was (a PATCH switching the default); two newly marked are ambiguous (400); none marked makes
 * the first one that was not the default before — else the first — the default.
 */
function defaultProfile(list: Obj[], current: StoredNevis | undefined): number {
  if (list.length === 0) return -1;
  const wasDefault = new Set(
    (current?.profiles ?? []).filter((p) => p.row.isDefault).map((p) => p.row.extId),
  );
  const marked = list.flatMap((p, i) => (p.default === true ? [i] : []));
  const fresh = marked.filter((i) => !wasDefault.has(String(list[i].extId)));
  const candidates = fresh.length > 0 ? fresh : marked;
  if (candidates.length > 1) {
    throw ScimError.invalidValue(
      `Only one profile can be the default: ${candidates.map((i) => `${PROFILES}[${i}]`).join(' and ')} are marked default`,
    );
  }
  if (candidates.length === 1) return candidates[0];
  const firstNew = list.findIndex((p) => !wasDefault.has(String(p.extId)));
  return wasDefault.size > 0 && firstNew >= 0 ? firstNew : 0;
}

function authorizationRow(
  a: Obj,
  position: number,
  path: string,
  extIds: UniqueExtIds,
  roles: Map<string, number>,
  enterpriseRoles: Map<string, number>,
): AuthorizationRow {
  checkValidity(a, path);
  const kind = str(a.kind);
  if (kind === null)
    throw ScimError.invalidValue(`${path}.kind is required (APPLICATION, IDM or ENTERPRISE)`);
  const role = str(a.role);
  const enterpriseRoleExtId = str(a.enterpriseRoleExtId);
  let roleId: number | null = null;
  let enterpriseRoleId: number | null = null;
  if (kind === 'ENTERPRISE') {
    if (role !== null) throw ScimError.invalidValue(`${path}.role is not used by ENTERPRISE authorizations`);
    if (enterpriseRoleExtId === null) throw ScimError.invalidValue(`${path}.enterpriseRoleExtId is required`);
    enterpriseRoleId = enterpriseRoles.get(enterpriseRoleExtId) ?? null;
    if (enterpriseRoleId === null) {
      throw ScimError.policy(
        `${path}.enterpriseRoleExtId: there is no enterprise role '${enterpriseRoleExtId}' in this client`,
      );
    }
  } else {
    if (enterpriseRoleExtId !== null) {
      throw ScimError.invalidValue(`${path}.enterpriseRoleExtId is used by ENTERPRISE authorizations only`);
    }
    if (role === null) throw ScimError.invalidValue(`${path}.role is required (<application>.<role>)`);
    roleId = roles.get(role) ?? null;
    if (roleId === null) throw ScimError.policy(`${path}.role: there is no role '${role}' in this client`);
  }
  if (a.dataRoom !== undefined && kind !== 'IDM') {
    throw ScimError.invalidValue(`${path}.dataRoom is used by IDM authorizations only`);
  }
  return {
    extId: extIds.claim(str(a.extId), `${path}.extId`),
    position,
    kind: kind as AuthorizationRow['kind'],
    roleId,
    enterpriseRoleId,
    dataRoom: a.dataRoom !== undefined ? JSON.stringify(a.dataRoom) : null,
    validFrom: date(a.validFrom),
    validTo: date(a.validTo),
  };
}

/** The same role (or enterprise role) at most once per profile (USER-SCHEMA.md §3.2): 409. */
function checkRolesOnce(authorizations: AuthorizationRow[], path: string): void {
  const seen = new Map<string, number>();
  for (const a of authorizations) {
    const key = a.roleId !== null ? `r${a.roleId}` : `e${a.enterpriseRoleId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw ScimError.uniqueness(
        `${path}.authorizations[${a.position}] grants the same role as ${path}.authorizations[${first}]; a role is granted once per profile`,
      );
    }
    seen.set(key, a.position);
  }
}

/** Property rows of one owner, checked against the definitions of its scope. */
function propertyRows(
  definitions: PropertyDefinitionRef[],
  scope: PropertyScope,
  value: unknown,
  path: string,
  ownerExtId: string,
): PropertyRow[] {
  const checked = checkProperties(definitions, scope, value, path);
  return definitions
    .filter((d) => d.scope === scope && checked[d.name] !== undefined)
    .map((d) => {
      const text = propertyStorageText(checked[d.name]);
      return { definitionId: d.id, ownerExtId, value: text, uniqueKey: d.unique ? sha256Hex(text) : null };
    });
}

/** A new credential's generated secret (by its type's rule): what is shown once, and what is stored. */
function generateSecret(
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
