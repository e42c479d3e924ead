import type { ScimResource } from '../schema/schema.registry';

/** One element of a PatchOp request's `Operations` (RFC 7644 §3.5.2); `op` is matched case-insensitively. */
export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

/**
 * The connector tolerances of PATCH-AND-BULK.md §1.2 that a client can switch off (its strict RFC mode);
 * each is implemented in one named function of `patch.tolerances.ts`.
 */
export interface PatchOptions {
  /** Microsoft Entra ID: booleans arrive as the strings "True"/"False" (`Replace active "False"`). */
  booleanStrings: boolean;
  /**
   * Microsoft Entra ID and Ping Identity: an `add`/`replace` of a filtered path that matches no element
   * (`emails[type eq "work"].value`) creates the element from the filter's `eq` terms.
   */
  filteredPathCreatesElement: boolean;
  /**
   * Microsoft Entra ID (`aadOptscim062020`): a pathless `add`/`replace` value may use dotted and
   * URN-qualified keys (`"name.givenName"`, `"urn:…:enterprise:2.0:User:department"`).
   */
  pathlessDottedKeys: boolean;
}

/** Strict RFC 7644: every switchable tolerance off. */
export const STRICT_PATCH_OPTIONS: Readonly<PatchOptions> = Object.freeze({
  booleanStrings: false,
  filteredPathCreatesElement: false,
  pathlessDottedKeys: false,
});

export interface PatchResult {
  /** The patched resource: a new object in canonical SCIM JSON; the input is never touched. */
  resource: ScimResource;
  /** False when the result deep-equals the input (a no-op PATCH must not bump `meta.version`). */
  changed: boolean;
}

/** The three operations of RFC 7644 §3.5.2, as normalised from the request's `op`. */
export type PatchOpName = 'add' | 'replace' | 'remove';
