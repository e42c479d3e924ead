import { ScimError } from '../errors/scim-error';
import { URN } from '../schema/urns';

export interface PatchRequestOperation {
  op: string;
  path?: string;
  value?: unknown;
}

export interface PatchRequest {
  operations: PatchRequestOperation[];
  /** nevisIDM: false answers 204 instead of the patched resource; absent leaves it to the client setting. */
  performGet?: boolean;
}

/** At most this many operations in one PATCH request. */
export const MAX_PATCH_OPERATIONS = 1000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the PatchOp envelope (RFC 7644 §3.5.2) without trusting its shape: `Operations` (RFC) or
 * `operations` (nevisIDM's spelling), `schemas` optional but, when present, naming the PatchOp URN. Values
 * are passed on untouched for the applier, which reads only schema-known keys.
 */
export function parsePatchRequest(body: unknown): PatchRequest {
  if (!isObject(body)) throw ScimError.invalidSyntax('The PATCH body must be a JSON object (a PatchOp)');
  let list: unknown;
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'operations') list = value;
  }
  const schemas = body.schemas;
  if (schemas !== undefined) {
    if (
      !Array.isArray(schemas) ||
      !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.patchOp.toLowerCase())
    ) {
      throw ScimError.invalidSyntax(`schemas must contain '${URN.patchOp}'`);
    }
  }
  if (list === undefined) list = [];
  if (!Array.isArray(list)) throw ScimError.invalidSyntax('Operations must be an array');
  if (list.length > MAX_PATCH_OPERATIONS) {
    throw ScimError.tooMany(
      `A PATCH may carry at most ${MAX_PATCH_OPERATIONS} operations, got ${list.length}`,
    );
  }
  const operations = list.map((raw, i): PatchRequestOperation => {
    if (!isObject(raw)) throw ScimError.invalidSyntax(`Operations[${i}] must be an object`);
    const op = raw.op;
    if (typeof op !== 'string') throw ScimError.invalidSyntax(`Operations[${i}].op must be a string`);
    const path = raw.path;
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw ScimError.invalidPath(`Operations[${i}].path must be a string`);
    }
    return {
      op,
      ...(typeof path === 'string' && path.trim() !== '' ? { path } : {}),
      ...(Object.hasOwn(raw, 'value') ? { value: raw.value } : {}),
    };
  });
  const performGet = body.performGet;
  if (performGet !== undefined && typeof performGet !== 'boolean') {
    throw ScimError.invalidSyntax('performGet must be true or false');
  }
  return { operations, ...(performGet !== undefined ? { performGet } : {}) };
}
