import { isDuplicateKey } from '../clients/clients.service';
import { ScimError } from '../scim/errors/scim-error';
import type { ScimResource } from '../scim/schema/schema.registry';

/**
 * Runs a write whose uniqueness the database's unique indexes decide (SECURITY.md "Races"): a duplicate-key
 * error becomes 409 uniqueness naming the attribute. `resource` is read when the error happens, so a write
 * that computes the resource inside its transaction (PATCH) can report it too.
 */
export async function writeUnique<T>(
  resource: () => ScimResource | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const r = resource() ?? {};
    const message = String((err as Error).message);
    if (/unique_key/i.test(message)) {
      throw ScimError.uniqueness(
        'A custom property that is unique per client already has this value on another user (or profile or credential) of this client',
      );
    }
    if (/external_id/i.test(message)) {
      throw ScimError.uniqueness(
        `externalId '${String(r.externalId)}' is already used by another user of this client`,
      );
    }
    throw ScimError.uniqueness(
      `userName '${String(r.userName)}' is already taken in this client (compared case-insensitively)`,
    );
  }
}
