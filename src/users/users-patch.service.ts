import { Injectable } from '@nestjs/common';
import { compatOf } from '../clients/client-settings';
import type { TenantContext } from '../clients/tenant-context';
import { versionToEtag } from '../common/http/etag';
import { ScimResult } from '../common/http/scim-result';
import { ScimError } from '../scim/errors/scim-error';
import { parsePatchRequest } from '../scim/messages/patch-request';
import { applyPatch, inOperation, type PatchOperation } from '../scim/patch';
import type { ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { enforceMandatory } from '../scim/policy/mandatory-attributes';
import { onePerType } from '../scim/policy/one-per-type';
import { writeUnique } from './unique-write';
import { NOTHING_UNCHANGED, unchangedParts } from './unchanged-parts';
import { toResource, toRows, type StoredUser } from './user.mapper';
import { isUserId, UsersRepository } from './users.repository';
import { checkIfMatch, notFound, UsersService, withOneTimeSecrets } from './users.service';
import { NevisModel } from './nevis/nevis-model';
import { plaintextSecrets, SecretHashes } from './nevis/nevis-secrets';
import { NevisRepository } from './nevis/nevis.repository';
import { TenantSchemas } from '../clients/catalogue/tenant-schemas';

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

/**
 * What the operations left unchanged. When the stored user no longer passes today's coercion (a tightened
 * limit), it cannot be compared, and everything is rewritten.
 */
function unchangedBy(shape: (r: ScimResource) => ScimResource, before: ScimResource, after: ScimResource) {
  let stored: ScimResource;
  try {
    stored = shape(before);
  } catch {
    return NOTHING_UNCHANGED;
  }
  return unchangedParts(stored, after);
}

/** Operation prefixes tried to find the operation a whole-result validation error comes from. */
const MAX_BLAME = 64;

/**
 * A validation error of the patched user as a whole (schema, policy, catalogue) named after the operation
 * that caused it (issue 5: errors name the operation index and path): the first prefix of the operations
 * whose result fails with the same detail. Without a match (the operations only fail together), the error
 * is returned as it is.
 */
async function blame(
  error: unknown,
  operations: readonly PatchOperation[],
  validate: (operations: readonly PatchOperation[]) => Promise<unknown>,
): Promise<unknown> {
  if (!(error instanceof ScimError) || operations.length > MAX_BLAME) return error;
  for (let k = 0; k < operations.length; k++) {
    const failure = await validate(operations.slice(0, k + 1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (failure instanceof ScimError && failure.detail === error.detail) {
      return inOperation(error, k, operations[k]);
    }
  }
  return error;
}

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
    private readonly schemas: TenantSchemas,
    private readonly users: UsersService,
    private readonly nevisModel: NevisModel,
    private readonly nevisRepo: NevisRepository,
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
    const { registry, definitions } = await this.schemas.forTenant(tenant);
    const compat = compatOf(tenant.settings);
    const location = `${base}/Users`;
    const options = {
      booleanStrings: compat.booleanStrings,
      filteredPathCreatesElement: compat.filteredPathCreatesElement,
      pathlessDottedKeys: compat.pathlessDottedKeys,
    };
    const apply = (stored: StoredUser) =>
      applyPatch(registry, USER, toResource(stored, location), request.operations, options);
    // New secrets are hashed before the transaction: scrypt takes tens of milliseconds, and no row lock
    // (nor, on SQLite, the one shared connection's transaction) may be held across it. The operations are
    // tried once on the current user to learn the secrets they set; the password history is checked then.
    let secrets = SecretHashes.none;
    if (/password|puk|answer/i.test(JSON.stringify(request.operations))) {
      const preview = await this.repo.findOne(tenant, id);
      if (!preview) throw notFound(id);
      const previewed = apply(preview).resource;
      const plaintexts = plaintextSecrets(previewed);
      if (plaintexts.length > 0) {
        await this.nevisModel.checkPasswordHistory(tenant, id, previewed);
        secrets = await SecretHashes.of(plaintexts);
      }
    }

    let patched: ScimResource | undefined;
    let oneTime: ReadonlyMap<string, Record<string, unknown>> = new Map();
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
          const now = new Date();
          /** Canonical, as a PUT body would be coerced (Entra's one-element-per-type when the client asks). */
          const shape = (r: ScimResource) => {
            const strict = registry.coerce(USER, r, { booleanStrings: false });
            return compat.uniqueTypePerMultiValue ? onePerType(registry, USER, strict) : strict;
          };
          // The result is validated as a whole, exactly as a PUT body would be.
          const validate = async (result: ScimResource) => {
            reconcileActive(before, result);
            const coerced = shape(result);
            enforceMandatory(registry, coerced, tenant.settings.mandatoryAttributes);
            const prepared = await this.nevisModel.prepare({
              tenant,
              resource: coerced,
              current: stored.nevis,
              creating: false,
              keepLoginInfo: false,
              secrets,
              now,
              m,
              definitions,
            });
            return { coerced, prepared };
          };
          const validated = await validate(resource).catch(async (error: unknown) => {
            throw await blame(error, request.operations, (ops) =>
              validate(applyPatch(registry, USER, before, ops, options).resource),
            );
          });
          patched = validated.coerced;
          const nevis = validated.prepared;
          // Only what changed is written: the child tables of attributes the operations left as they were
          // stay untouched (compared as the same coercion leaves them, so readOnly values do not count).
          const unchanged = unchangedBy(shape, before, patched);
          oneTime = nevis.oneTime;
          const login = unchanged.nevis.has('loginInfo') ? undefined : nevis.login;
          const rows = { ...toRows(patched), login };
          const result = await this.repo.replace(tenant, id, version, rows, now, m, unchanged.core);
          if (result === 'missing') return { kind: 'missing' };
          if (result === 'conflict') return { kind: 'conflict' };
          // The children were read in this transaction, under the row lock: tables they have no rows in, and
          // groups that did not change, are skipped.
          await this.nevisRepo.write(tenant, id, nevis.rows, now, m, stored.nevis, unchanged.nevis);
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
    // Generated secrets are shown once, in this response: it carries the user even when 204 was asked for.
    const wantsResource = oneTime.size > 0 || (request.performGet ?? tenant.settings.patchReturnsResource);
    if (!wantsResource) {
      return new ScimResult(undefined, versionToEtag(outcome.version), `${location}/${id}`, 204);
    }
    return withOneTimeSecrets(await this.users.get(tenant, id, base), oneTime);
  }
}
