import { Injectable } from '@nestjs/common';
import type { TenantContext } from '../clients/tenant-context';
import { ScimError } from '../scim/errors/scim-error';
import { DEFAULT_FILTER_LIMITS, parseFilter } from '../scim/filter';
import { SchemaRegistry, type Projection, type ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from './query/cursor';
import { UserFilterCompiler, type Dialect, type SqlFragment } from './query/user-filter.compiler';
import { compileSort } from './query/user-sort';
import { toResource, type StoredUser } from './user.mapper';
import { ALL_CHILDREN, childSelection, UsersRepository } from './users.repository';
import { TenantSchemas } from '../clients/catalogue/tenant-schemas';

/** A list or search request (RFC 7644 §3.4.2, §3.4.3; RFC 9865 cursors; API.md §4.8 export). */
export interface UserQueryRequest {
  filter?: string;
  startIndex?: number;
  count?: number;
  sortBy?: string;
  sortOrder?: string;
  /** RFC 9865: `''` starts cursor paging, a value continues it. */
  cursor?: string;
  bulkImportFormat?: boolean;
}

export interface ListResponse {
  schemas: [typeof URN.listResponse];
  totalResults: number;
  startIndex?: number;
  itemsPerPage: number;
  nextCursor?: string;
  previousCursor?: string;
  Resources: ScimResource[];
}

export interface BulkExport {
  schemas: [typeof URN.bulkRequest];
  Operations: { method: 'POST'; path: '/Users'; bulkId: string; data: ScimResource }[];
  totalResults: number;
  nextCursor?: string;
}

const USER = 'User';
/** startIndex/count beyond a 32-bit integer are refused rather than sent to the database. */
const MAX_PAGING_VALUE = 2_147_483_647;
/** What an export leaves out: ids and server data (API.md §4.8). Secrets are never in a resource at all. */
const NOT_EXPORTED = ['id', 'meta', 'groups'];

/** Lists, searches and exports users: filter, sort, projection and both kinds of paging, in SQL. */
@Injectable()
export class UsersQueryService {
  private readonly dialect: Dialect;

  constructor(
    private readonly repo: UsersRepository,
    private readonly registry: SchemaRegistry,
    private readonly schemas: TenantSchemas,
  ) {
    this.dialect = repo.dialect;
  }

  async list(
    tenant: TenantContext,
    request: UserQueryRequest,
    projection: Projection,
    base: string,
  ): Promise<ListResponse | BulkExport> {
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
    const useCursor = request.cursor !== undefined;
    if (useCursor && request.startIndex !== undefined) {
      throw ScimError.invalidValue('Use either startIndex or cursor paging, not both (RFC 9865)');
    }
    const { settings } = tenant;
    // RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; above the maximum it is capped.
    const startIndex = Math.max(1, request.startIndex ?? 1);
    const count = Math.min(Math.max(0, request.count ?? settings.defaultPageSize), settings.maxPageSize);
    const where = await this.compileFilter(tenant, request.filter);
    const sort = compileSort(this.registry, request.sortBy, request.sortOrder);
    const fingerprint = queryFingerprint([
      request.filter?.trim(),
      request.sortBy?.trim().toLowerCase(),
      request.sortOrder,
    ]);
    const position: CursorPosition | undefined = request.cursor
      ? decodeCursor(request.cursor, fingerprint)
      : undefined;

    const include = request.bulkImportFormat ? ALL_CHILDREN : childSelection(this.registry, projection);
    const [totalResults, page] = await Promise.all([
      this.repo.countMatching(tenant, where),
      count === 0
        ? Promise.resolve({ users: [] as StoredUser[], edges: [], hasMore: false })
        : this.repo.page(tenant, {
            where,
            sort,
            offset: useCursor ? 0 : startIndex - 1,
            limit: count,
            position,
            include,
          }),
    ]);

    let nextCursor: string | undefined;
    let previousCursor: string | undefined;
    if (useCursor && page.edges.length > 0) {
      const first = page.edges[0];
      const last = page.edges[page.edges.length - 1];
      const back = position?.direction === 'prev';
      // Reading forward, "more" lies after the page; reading back, before it.
      if (back ? true : page.hasMore) nextCursor = encodeCursor({ ...last, direction: 'next' }, fingerprint);
      if (back ? page.hasMore : position !== undefined) {
        previousCursor = encodeCursor({ ...first, direction: 'prev' }, fingerprint);
      }
    }

    const location = `${base}/Users`;
    if (request.bulkImportFormat) return this.exportPage(page.users, location, totalResults, nextCursor);
    const Resources = page.users.map((stored) =>
      this.registry.present(USER, toResource(stored, location), projection),
    );
    return {
      schemas: [URN.listResponse],
      totalResults,
      ...(useCursor ? {} : { startIndex }),
      itemsPerPage: Resources.length,
      ...(nextCursor ? { nextCursor } : {}),
      ...(previousCursor ? { previousCursor } : {}),
      Resources,
    };
  }

  /**
   * The filter as SQL. A filter naming custom properties is compiled against the tenant's schema (its
   * property definitions); others need no lookup.
   */
  private async compileFilter(
    tenant: TenantContext,
    filter: string | undefined,
  ): Promise<SqlFragment | undefined> {
    if (filter === undefined || filter.trim() === '') return undefined;
    const tree = parseFilter(filter, DEFAULT_FILTER_LIMITS);
    if (!/properties/i.test(filter)) return new UserFilterCompiler(this.registry, this.dialect).compile(tree);
    const { registry, userProperties } = await this.schemas.forTenant(tenant);
    return new UserFilterCompiler(registry, this.dialect, undefined, userProperties).compile(tree);
  }

  /**
   * API.md §4.8: a BulkRequest of one POST per user, `bulkId` = the user's id, `data` without id, meta and
   * server data. A manager who is in the same export is referenced as `bulkId:<id>` so that the import
   * recreates the link in the other client.
   */
  private exportPage(
    users: StoredUser[],
    location: string,
    totalResults: number,
    nextCursor?: string,
  ): BulkExport {
    const ids = new Set(users.map((u) => String(u.user.id)));
    const Operations = users.map((stored) => {
      const data = this.registry.present(USER, toResource(stored, location));
      for (const key of NOT_EXPORTED) delete data[key];
      const enterprise = data[URN.enterpriseUser] as { manager?: Record<string, unknown> } | undefined;
      if (enterprise?.manager) {
        const value = String(enterprise.manager.value);
        enterprise.manager = { value: ids.has(value) ? `bulkId:${value}` : value };
      }
      return { method: 'POST' as const, path: '/Users' as const, bulkId: String(stored.user.id), data };
    });
    return { schemas: [URN.bulkRequest], Operations, totalResults, ...(nextCursor ? { nextCursor } : {}) };
  }
}
