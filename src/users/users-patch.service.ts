import { Injectable } from '@nestjs/common';
import { compatOf } from '../clients/client-settings';
import type { TenantContext } from '../clients/tenant-context';
import { hashSecret } from '../common/crypto/secret-hasher';
import { versionToEtag } from '../common/http/etag';
import { ScimResult } from '../common/http/scim-result';
import { parsePatchRequest } from '../scim/messages/patch-request';
import { applyPatch } from '../scim/patch';
import { SchemaRegistry, type ScimResource } from '../scim/schema/schema.registry';
import { writeUnique } from './unique-write';
import { toResource, toRows } from './user.mapper';
import { isUserId, UsersRepository } from './users.repository';
import { checkIfMatch, notFound, UsersService } from './users.service';

const USER = 'User';

type PatchOutcome = { kind: 'missing' } | { kind: 'unchanged' | 'changed'; version: number };

/**
 * PATCH (RFC 7644 §3.5.2, PATCH-AND-BULK.md §1): read the user under a row lock, apply the operations to
 * its canonical SCIM JSON with the pure applier, validate the result as a whole, and write it with the
 * version check — all in one transaction, so concurrent PATCHes serialise and none is lost. A no-op does
 * not bump the version.
 */
@Injectable()
export class UsersPatchService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly registry: SchemaRegistry,
    private readonly users: UsersService,
  ) {}

  async patch(
    tenant: TenantContext,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    base: string,
  ): Promise<ScimResult<ScimResource | undefined>> {
    const request = parsePatchRequest(body);
    if (!isUserId(id)) throw notFound(id);
    const compat = compatOf(tenant.settings);
    const location = `${base}/Users`;
    let patched: ScimResource | undefined;
    const outcome = await writeUnique(
      () => patched,
      () =>
        this.repo.transaction(async (m): Promise<PatchOutcome> => {
          const version = await this.repo.lockVersion(tenant, id, m);
          if (version === undefined) return { kind: 'missing' };
          checkIfMatch(ifMatch, version);
          const stored = await this.repo.findOne(tenant, id, m);
          if (!stored) return { kind: 'missing' };
          const { resource, changed } = applyPatch(
            this.registry,
            USER,
            toResource(stored, location),
            request.operations,
            {
              booleanStrings: compat.booleanStrings,
              filteredPathCreatesElement: compat.filteredPathCreatesElement,
              pathlessDottedKeys: compat.pathlessDottedKeys,
            },
          );
          if (!changed) return { kind: 'unchanged', version };
          // The result is validated as a whole, exactly as a PUT body would be.
          patched = this.registry.coerce(USER, resource, { booleanStrings: false });
          const now = new Date();
          const result = await this.repo.replace(tenant, id, version, toRows(patched), now, m);
          if (result !== 'ok') return { kind: 'missing' };
          if (typeof patched.password === 'string') {
            await this.repo.setPassword(tenant, id, await hashSecret(patched.password), now, m);
          }
          return { kind: 'changed', version: version + 1 };
        }),
    );
    if (outcome.kind === 'missing') throw notFound(id);
    const wantsResource = request.performGet ?? tenant.settings.patchReturnsResource;
    if (!wantsResource) {
      return new ScimResult(undefined, versionToEtag(outcome.version), `${location}/${id}`, 204);
    }
    return this.users.get(tenant, id, base);
  }
}
