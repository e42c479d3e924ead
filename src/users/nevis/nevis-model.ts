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
  generateOtpCardNumber,
  type CredentialType,
} from '../../scim/nevis/credential-types';
import { checkProperties, propertyStorageText } from '../../scim/nevis/custom-properties';
import { settleLoginInfo } from '../../scim/nevis/login-info';
import type { PropertyScope } from '../../scim/nevis/property-rules';
import { enforcePasswordPolicy, historyViolation } from '../../scim/policy/password-policy';
import type { ScimResource } from '../../scim/schema/schema.registry';
import type { LoginColumns } from '../entities/login-columns';
import { CatalogueLookup, type PropertyDefinitionRef } from '../../clients/catalogue/catalogue-lookup';
import type {
  CredentialRow,
  NevisRows,
  ProfileRow,
  PropertyRow,
  SecretWrite,
  StoredNevis,
} from './nevis-rows';
import { matchesAny, type SecretHashes } from './nevis-secrets';
import { NevisRepository } from './nevis.repository';
import {
  foldCorePassword,
  generateSecret,
  loginColumns,
  newPassword,
  withStoredAnswers,
} from './credential-rows';
import { authorizationRow, checkRolesOnce, defaultProfile, UniqueExtIds } from './profile-rows';
import {
  asList,
  asObj,
  checkValidity,
  CREDENTIALS,
  date,
  EXT,
  isString,
  PROFILES,
  str,
  type Obj,
} from '../json-values';

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
  /** The client's property definitions when the caller has read them already (else they are read here). */
  definitions?: PropertyDefinitionRef[];
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
    const definitions = input.definitions ?? (await this.catalogue.definitions(tenant, input.m));
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
