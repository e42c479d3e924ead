import { Injectable } from '@nestjs/common';
import { compatOf } from '../clients/client-settings';
import type { TenantContext } from '../clients/tenant-context';
import { hashSecret } from '../common/crypto/secret-hasher';
import { versionToEtag } from '../common/http/etag';
import { ScimResult } from '../common/http/scim-result';
import { ScimError } from '../scim/errors/scim-error';
import { parsePatchRequest } from '../scim/messages/patch-request';
import { applyPatch } from '../scim/patch';
import { SchemaRegistry, type ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { enforceMandatory } from '../scim/policy/mandatory-attributes';
import { writeUnique } from './unique-write';
import { toResource, toRows, type StoredUser } from './user.mapper';
import { isUserId, UsersRepository } from './users.repository';
import { checkIfMatch, notFound, UsersService } from './users.service';

const USER = 'User';

type PatchOutcome = { kind: 'missing' | 'conflict' } | { kind: 'unchanged' | 'changed'; version: number };

/**
 * Core `active` and the nevisIDM `state` describe one thing. Whichever the operations changed decides: a
 * changed state carries `active` with it; a changed `active` moves the state (in the mapper).
 */
function reconcileActive(before: ScimResource, after: ScimResource): void {
  const stateOf = (r: ScimResource) => (r[URN.nevisUser] as { state?: unknown } | undefined)?.state;
  if (after.active === before.active && stateOf(after) !== stateOf(before)) {
    after.active = stateOf(after) === undefined ? undefined : stateOf(after) === 'active';
  }
}

const passwordOf = (r: ScimResource): string | undefined =>
  typeof r.password === 'string' ? r.password : undefined;

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
    const options = {
      booleanStrings: compat.booleanStrings,
      filteredPathCreatesElement: compat.filteredPathCreatesElement,
      pathlessDottedKeys: compat.pathlessDottedKeys,
    };
    const apply = (stored: StoredUser) =>
      applyPatch(this.registry, USER, toResource(stored, location), request.operations, options);
    // A new password is hashed before the transaction: scrypt takes tens of milliseconds, and no row lock
    // (nor, on SQLite, the one shared connection's transaction) may be held across it. The operations are
    // tried once on the current user to learn the password they set.
    let previewPassword: string | undefined;
    let previewHash: string | undefined;
    if (/password/i.test(JSON.stringify(request.operations))) {
      const preview = await this.repo.findOne(tenant, id);
      if (!preview) throw notFound(id);
      previewPassword = passwordOf(apply(preview).resource);
      previewHash = previewPassword === undefined ? undefined : await hashSecret(previewPassword);
    }

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
          const before = toResource(stored, location);
          const { resource, changed } = apply(stored);
          if (!changed) return { kind: 'unchanged', version };
          reconcileActive(before, resource);
          // The result is validated as a whole, exactly as a PUT body would be.
          patched = this.registry.coerce(USER, resource, { booleanStrings: false });
          enforceMandatory(this.registry, patched, tenant.settings.mandatoryAttributes);
          const now = new Date();
          const result = await this.repo.replace(tenant, id, version, toRows(patched), now, m);
          if (result === 'missing') return { kind: 'missing' };
          if (result === 'conflict') return { kind: 'conflict' };
          const password = passwordOf(patched);
          if (password !== undefined) {
            // The operations set the password; they did so in the preview too, with the same value.
            const hash =
              password === previewPassword && previewHash ? previewHash : await hashSecret(password);
            await this.repo.setPassword(tenant, id, hash, now, m);
          }
          return { kind: 'changed', version: version + 1 };
        }),
    );
    switch (outcome.kind) {
      case 'conflict':
        throw ScimError.preconditionFailed(`User ${id} was modified concurrently; re-read it and retry`);
      case 'missing':
        throw notFound(id);
      case 'unchanged':
      case 'changed':
        break;
    }
    const wantsResource = request.performGet ?? tenant.settings.patchReturnsResource;
    if (!wantsResource) {
      return new ScimResult(undefined, versionToEtag(outcome.version), `${location}/${id}`, 204);
    }
    return this.users.get(tenant, id, base);
  }
}
