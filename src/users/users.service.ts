import { Injectable } from '@nestjs/common';
import { compatOf } from '../clients/client-settings';
import { isDuplicateKey } from '../clients/clients.service';
import type { TenantContext } from '../clients/tenant-context';
import { hashSecret } from '../common/crypto/secret-hasher';
import { etagMatches, versionToEtag } from '../common/http/etag';
import { ScimResult } from '../common/http/scim-result';
import { ScimError } from '../scim/errors/scim-error';
import { SchemaRegistry, type Projection, type ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { toResource, toRows } from './user.mapper';
import { isUserId, UsersRepository } from './users.repository';

export interface PageRequest {
  filter?: string;
  startIndex?: number;
  count?: number;
  sortBy?: string;
  sortOrder?: string;
}

export interface ListResponse {
  schemas: [typeof URN.listResponse];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimResource[];
}

const USER = 'User';
/** Attempts of a compare-and-set write without If-Match before giving up with 409. */
const MAX_WRITE_ATTEMPTS = 5;
/** startIndex/count beyond a 32-bit integer are refused rather than sent to the database. */
const MAX_PAGING_VALUE = 2_147_483_647;

/** The User resource's rules: create, read, replace, delete and list (API.md §4). */
@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly registry: SchemaRegistry,
  ) {}

  async create(tenant: TenantContext, body: unknown, base: string): Promise<ScimResult> {
    const resource = this.coerce(tenant, body);
    const passwordHash = await this.hashPassword(resource);
    const now = new Date();
    const id = await this.write(resource, () =>
      this.repo.transaction(async (m) => {
        const newId = await this.repo.insert(tenant, toRows(resource), now, m);
        if (passwordHash) await this.repo.setPassword(tenant, newId, passwordHash, now, m);
        return newId;
      }),
    );
    return this.get(tenant, id, base);
  }

  async get(
    tenant: TenantContext,
    id: string,
    base: string,
    projection: Projection = {},
  ): Promise<ScimResult> {
    const stored = isUserId(id) ? await this.repo.findOne(tenant, id) : undefined;
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
    let current = isUserId(id) ? await this.repo.findOne(tenant, id) : undefined;
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
    const resource = this.coerce(tenant, body);
    const passwordHash = await this.hashPassword(resource);
    // Compare-and-set on the version read. With If-Match a lost race is 412; without it the caller asked for
    // no precondition, so the replace is retried on the fresh version (last writer wins, nothing half-applied).
    for (let attempt = 1; ; attempt++) {
      const version = current.user.version;
      // `active` absent from a PUT keeps the user's state (nevisIDM state is not cleared by omission).
      const rows = toRows({ ...resource, active: resource.active ?? current.user.state === 'active' });
      const now = new Date();
      const outcome = await this.write(resource, () =>
        this.repo.transaction(async (m) => {
          const result = await this.repo.replace(tenant, id, version, rows, now, m);
          if (result === 'ok' && passwordHash) await this.repo.setPassword(tenant, id, passwordHash, now, m);
          return result;
        }),
      );
      if (outcome === 'ok') return this.get(tenant, id, base);
      if (outcome === 'missing') throw notFound(id);
      if (ifMatch !== undefined) {
        throw ScimError.preconditionFailed(
          `User ${id} was modified concurrently (If-Match was ${ifMatch}); re-read it and retry`,
        );
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw ScimError.conflict(`User ${id} is being modified by other requests; retry later`);
      }
      current = await this.repo.findOne(tenant, id);
      if (!current) throw notFound(id);
    }
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

  async list(
    tenant: TenantContext,
    request: PageRequest,
    projection: Projection,
    base: string,
  ): Promise<ListResponse> {
    if (request.filter !== undefined && request.filter.trim() !== '') {
      throw ScimError.invalidFilter(
        'Filtering is not supported yet by this server (ServiceProviderConfig filter.supported is false)',
      );
    }
    if (request.sortBy !== undefined) {
      throw ScimError.invalidValue(
        'Sorting is not supported yet by this server (ServiceProviderConfig sort.supported is false)',
      );
    }
    const { settings } = tenant;
    for (const [name, value] of [
      ['startIndex', request.startIndex],
      ['count', request.count],
    ] as const) {
      if (value !== undefined && (!Number.isSafeInteger(value) || Math.abs(value) > MAX_PAGING_VALUE)) {
        throw ScimError.invalidValue(
          `${name} must be an integer between -${MAX_PAGING_VALUE} and ${MAX_PAGING_VALUE}`,
        );
      }
    }
    // RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; above the maximum it is capped.
    const startIndex = Math.max(1, request.startIndex ?? 1);
    const count = Math.min(Math.max(0, request.count ?? settings.defaultPageSize), settings.maxPageSize);
    const [totalResults, page] = await Promise.all([
      this.repo.count(tenant),
      this.repo.findPage(tenant, startIndex - 1, count),
    ]);
    const location = `${base}/Users`;
    const Resources = page.map((stored) =>
      this.registry.present(USER, toResource(stored, location), projection),
    );
    return {
      schemas: [URN.listResponse],
      totalResults,
      startIndex,
      itemsPerPage: Resources.length,
      Resources,
    };
  }

  private coerce(tenant: TenantContext, body: unknown): ScimResource {
    return this.registry.coerce(USER, body, { booleanStrings: compatOf(tenant.settings).booleanStrings });
  }

  private async hashPassword(resource: ScimResource): Promise<string | undefined> {
    return typeof resource.password === 'string' ? hashSecret(resource.password) : undefined;
  }

  /** Runs a write; a unique-index violation becomes 409 uniqueness naming the attribute. */
  private async write<T>(resource: ScimResource, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const message = String((err as Error).message);
      if (/external_id/i.test(message)) {
        throw ScimError.uniqueness(
          `externalId '${String(resource.externalId)}' is already used by another user of this client`,
        );
      }
      throw ScimError.uniqueness(
        `userName '${String(resource.userName)}' is already taken in this client (compared case-insensitively)`,
      );
    }
  }
}

function notFound(id: string): ScimError {
  return ScimError.notFound(`User ${JSON.stringify(id.length > 64 ? id.slice(0, 64) + '…' : id)} not found`);
}

function checkIfMatch(ifMatch: string | undefined, version: number): void {
  const etag = versionToEtag(version);
  if (ifMatch !== undefined && !etagMatches(ifMatch, etag)) {
    throw ScimError.preconditionFailed(`If-Match ${ifMatch} does not match the current version ${etag}`);
  }
}
