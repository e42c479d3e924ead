import { Injectable } from '@nestjs/common';
import { compatOf } from '../clients/client-settings';
import type { TenantContext } from '../clients/tenant-context';
import { etagMatches, versionToEtag } from '../common/http/etag';
import { ScimResult } from '../common/http/scim-result';
import { ScimError } from '../scim/errors/scim-error';
import { SchemaRegistry, type Projection, type ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { keepNevisExtension, toResource, toRows } from './user.mapper';
import { NevisModel } from './nevis/nevis-model';
import { plaintextSecrets, SecretHashes } from './nevis/nevis-secrets';
import { NevisRepository } from './nevis/nevis.repository';
import { NO_NEVIS } from './nevis/nevis-rows';
import { enforceMandatory } from '../scim/policy/mandatory-attributes';
import { onePerType } from '../scim/policy/one-per-type';
import { writeUnique } from './unique-write';
import { childSelection, isUserId, UsersRepository } from './users.repository';

const USER = 'User';

/** The User resource's rules for single users: create, read, replace, delete (API.md §4). */
@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly registry: SchemaRegistry,
    private readonly nevisModel: NevisModel,
    private readonly nevisRepo: NevisRepository,
  ) {}

  async create(tenant: TenantContext, body: unknown, base: string): Promise<ScimResult> {
    const resource = this.coerce(tenant, body);
    enforceMandatory(this.registry, resource, tenant.settings.mandatoryAttributes);
    const now = new Date();
    const nevis = await this.nevisModel.prepare({
      tenant,
      resource,
      creating: true,
      keepLoginInfo: true,
      secrets: await SecretHashes.of(plaintextSecrets(resource)),
      now,
    });
    const rows = { ...toRows(resource), login: nevis.login };
    const id = await writeUnique(
      () => resource,
      () =>
        this.repo.transaction(async (m) => {
          const newId = await this.repo.insert(tenant, rows, now, m);
          await this.nevisRepo.write(tenant, newId, nevis.rows, now, m, NO_NEVIS);
          return newId;
        }),
    );
    return withOneTimeSecrets(await this.get(tenant, id, base), nevis.oneTime);
  }

  async get(
    tenant: TenantContext,
    id: string,
    base: string,
    projection: Projection = {},
  ): Promise<ScimResult> {
    // Only the child tables the projection returns are read (bench/README.md: a GET that leaves the
    // nevisIDM children out skips their eight statements).
    const include = childSelection(this.registry, projection);
    const stored = isUserId(id) ? await this.repo.findOne(tenant, id, undefined, include) : undefined;
    if (!stored) throw notFound(id);
    const location = `${base}/Users`;
    return new ScimResult(
      this.registry.present(USER, toResource(stored, location), projection),
      versionToEtag(stored.user.version),
      `${location}/${stored.user.id}`,
    );
  }

  /** PUT (RFC 7644 §3.5.1): the body replaces every readWrite attribute; readOnly ones are ignored. */
  async replace(
    tenant: TenantContext,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    base: string,
  ): Promise<ScimResult> {
    const current = isUserId(id) ? await this.repo.findOne(tenant, id) : undefined;
    if (!current) throw notFound(id);
    const rawId =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>).id : undefined;
    const bodyId = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : rawId;
    if (bodyId !== undefined && bodyId !== null && bodyId !== id) {
      throw ScimError.mutability(
        `Attribute 'id' is readOnly: the body says ${JSON.stringify(bodyId)} but the URL says '${id}'`,
      );
    }
    checkIfMatch(ifMatch, current.user.version);
    const location = `${base}/Users`;
    const replacement = keepNevisExtension(this.coerce(tenant, body), toResource(current, location));
    enforceMandatory(this.registry, replacement, tenant.settings.mandatoryAttributes);
    await this.nevisModel.checkPasswordHistory(tenant, id, replacement);
    const now = new Date();
    const nevis = await this.nevisModel.prepare({
      tenant,
      resource: replacement,
      current: current.nevis,
      creating: false,
      keepLoginInfo: true,
      secrets: await SecretHashes.of(plaintextSecrets(replacement)),
      now,
    });
    const rows = { ...toRows(replacement), login: nevis.login };
    const expected = current.user.version;
    const outcome = await writeUnique(
      () => replacement,
      () =>
        this.repo.transaction(async (m) => {
          // With If-Match: compare-and-set on the version the caller saw (a lost race is 412). Without it the
          // caller asked for no precondition: lock the row and write on its current version (last writer wins).
          const version = ifMatch === undefined ? await this.repo.lockVersion(tenant, id, m) : expected;
          if (version === undefined) return 'missing';
          const result = await this.repo.replace(tenant, id, version, rows, now, m);
          if (result === 'ok') await this.nevisRepo.write(tenant, id, nevis.rows, now, m);
          return result;
        }),
    );
    if (outcome === 'missing') throw notFound(id);
    if (outcome === 'conflict') {
      throw ScimError.preconditionFailed(
        `User ${id} was modified concurrently (If-Match was ${ifMatch}); re-read it and retry`,
      );
    }
    return withOneTimeSecrets(await this.get(tenant, id, base), nevis.oneTime);
  }

  async delete(tenant: TenantContext, id: string, ifMatch: string | undefined): Promise<void> {
    if (!isUserId(id)) throw notFound(id);
    let expected: number | undefined;
    if (ifMatch !== undefined) {
      const current = await this.repo.findOne(tenant, id);
      if (!current) throw notFound(id);
      checkIfMatch(ifMatch, current.user.version);
      expected = current.user.version;
    }
    const outcome = await this.repo.delete(tenant, id, expected);
    if (outcome === 'missing') throw notFound(id);
    if (outcome === 'conflict')
      throw ScimError.preconditionFailed(`User ${id} was modified concurrently; re-read it and retry`);
  }

  private coerce(tenant: TenantContext, body: unknown): ScimResource {
    const compat = compatOf(tenant.settings);
    const resource = this.registry.coerce(USER, body, { booleanStrings: compat.booleanStrings });
    return compat.uniqueTypePerMultiValue ? onePerType(this.registry, USER, resource) : resource;
  }
}

export function notFound(id: string): ScimError {
  return ScimError.notFound(`User ${JSON.stringify(id.length > 64 ? id.slice(0, 64) + '…' : id)} not found`);
}

export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  const etag = versionToEtag(version);
  if (ifMatch !== undefined && !etagMatches(ifMatch, etag)) {
    throw ScimError.preconditionFailed(`If-Match ${ifMatch} does not match the current version ${etag}`);
  }
}

/**
 * The secrets the server generated for new credentials, shown once: in the response of the write that
 * created them (USER-SCHEMA.md §3.1), merged into their credentials by extId.
 */
export function withOneTimeSecrets<T extends ScimResource | undefined>(
  result: ScimResult<T>,
  oneTime: ReadonlyMap<string, Record<string, unknown>>,
): ScimResult<T> {
  const ext = result.body?.[URN.nevisUser] as { credentials?: Record<string, unknown>[] } | undefined;
  if (oneTime.size === 0 || !ext?.credentials) return result;
  ext.credentials = ext.credentials.map((c) => {
    const shown = typeof c.extId === 'string' ? oneTime.get(c.extId) : undefined;
    return shown ? { ...c, ...shown } : c;
  });
  return result;
}
