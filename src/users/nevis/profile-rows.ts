// The profile and authorization rules of the nevisIDM model that need no database (USER-SCHEMA.md §3.2).
import { randomUUID } from 'node:crypto';
import { ScimError } from '../../scim/errors/scim-error';
import type { AuthorizationRow, StoredNevis } from './nevis-rows';
import { checkValidity, date, PROFILES, str, type Obj } from '../json-values';

/** extIds unique within the user (USER-SCHEMA.md §3): generated when absent, 409 when given twice. */
export class UniqueExtIds {
  private readonly seen = new Map<string, string>();

  claim(given: string | null, path: string): string {
    const extId = given ?? randomUUID();
    const first = this.seen.get(extId);
    if (first !== undefined) throw ScimError.uniqueness(`${path}: '${extId}' is already used by ${first}`);
    this.seen.set(extId, path);
    return extId;
  }
}

/**
 * Which profile is the default: exactly one when there are any. A profile newly marked default wins over
 * the one that was (a PATCH switching the default); two newly marked are ambiguous (400); none marked makes
 * the first one that was not the default before — else the first — the default.
 */
export function defaultProfile(list: Obj[], current: StoredNevis | undefined): number {
  if (list.length === 0) return -1;
  const wasDefault = new Set(
    (current?.profiles ?? []).filter((p) => p.row.isDefault).map((p) => p.row.extId),
  );
  const marked = list.flatMap((p, i) => (p.default === true ? [i] : []));
  const fresh = marked.filter((i) => !wasDefault.has(String(list[i].extId)));
  const candidates = fresh.length > 0 ? fresh : marked;
  if (candidates.length > 1) {
    throw ScimError.invalidValue(
      `Only one profile can be the default: ${candidates.map((i) => `${PROFILES}[${i}]`).join(' and ')} are marked default`,
    );
  }
  if (candidates.length === 1) return candidates[0];
  const firstNew = list.findIndex((p) => !wasDefault.has(String(p.extId)));
  return wasDefault.size > 0 && firstNew >= 0 ? firstNew : 0;
}

export function authorizationRow(
  a: Obj,
  position: number,
  path: string,
  extIds: UniqueExtIds,
  roles: Map<string, number>,
  enterpriseRoles: Map<string, number>,
): AuthorizationRow {
  checkValidity(a, path);
  const kind = str(a.kind);
  if (kind === null)
    throw ScimError.invalidValue(`${path}.kind is required (APPLICATION, IDM or ENTERPRISE)`);
  const role = str(a.role);
  const enterpriseRoleExtId = str(a.enterpriseRoleExtId);
  let roleId: number | null = null;
  let enterpriseRoleId: number | null = null;
  if (kind === 'ENTERPRISE') {
    if (role !== null) throw ScimError.invalidValue(`${path}.role is not used by ENTERPRISE authorizations`);
    if (enterpriseRoleExtId === null) throw ScimError.invalidValue(`${path}.enterpriseRoleExtId is required`);
    enterpriseRoleId = enterpriseRoles.get(enterpriseRoleExtId) ?? null;
    if (enterpriseRoleId === null) {
      throw ScimError.policy(
        `${path}.enterpriseRoleExtId: there is no enterprise role '${enterpriseRoleExtId}' in this client`,
      );
    }
  } else {
    if (enterpriseRoleExtId !== null) {
      throw ScimError.invalidValue(`${path}.enterpriseRoleExtId is used by ENTERPRISE authorizations only`);
    }
    if (role === null) throw ScimError.invalidValue(`${path}.role is required (<application>.<role>)`);
    roleId = roles.get(role) ?? null;
    if (roleId === null) throw ScimError.policy(`${path}.role: there is no role '${role}' in this client`);
  }
  if (a.dataRoom !== undefined && kind !== 'IDM') {
    throw ScimError.invalidValue(`${path}.dataRoom is used by IDM authorizations only`);
  }
  return {
    extId: extIds.claim(str(a.extId), `${path}.extId`),
    position,
    kind: kind as AuthorizationRow['kind'],
    roleId,
    enterpriseRoleId,
    dataRoom: a.dataRoom !== undefined ? JSON.stringify(a.dataRoom) : null,
    validFrom: date(a.validFrom),
    validTo: date(a.validTo),
  };
}

/** The same role (or enterprise role) at most once per profile (USER-SCHEMA.md §3.2): 409. */
export function checkRolesOnce(authorizations: AuthorizationRow[], path: string): void {
  const seen = new Map<string, number>();
  for (const a of authorizations) {
    const key = a.roleId !== null ? `r${a.roleId}` : `e${a.enterpriseRoleId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw ScimError.uniqueness(
        `${path}.authorizations[${a.position}] grants the same role as ${path}.authorizations[${first}]; a role is granted once per profile`,
      );
    }
    seen.set(key, a.position);
  }
}
