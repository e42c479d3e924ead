import { propertyFromStorage } from '../../scim/nevis/custom-properties';
import type { PropertyType } from '../../scim/nevis/property-rules';
import type { LoginColumns } from '../entities/login-columns';
import type { StoredNevis, StoredProperty } from './nevis-rows';

type Obj = Record<string, unknown>;

const iso = (d: Date | null | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);
const num = (n: number | string | null | undefined): number | undefined =>
  n === null || n === undefined ? undefined : Number(n);

/** Drops undefined and null members; an object left empty is undefined. */
function defined(o: Obj): Obj | undefined {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** USER-SCHEMA.md §3.3 from the login columns (of a user or a credential). */
export function renderLoginInfo(login: LoginColumns | undefined): Obj | undefined {
  if (!login) return undefined;
  return defined({
    lastLogin: iso(login.lastLogin),
    lastLoginFailure: iso(login.lastLoginFailure),
    successfulLoginCount: num(login.successfulLoginCount),
    failedLoginCount: num(login.failedLoginCount),
  });
}

function propertiesOf(properties: StoredProperty[], ownerExtId: string): Obj | undefined {
  const out: Obj = {};
  for (const p of properties) {
    if (p.ownerExtId === ownerExtId) out[p.name] = propertyFromStorage(p.type as PropertyType, p.value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const parseJson = (text: string | null): Obj => (text ? (JSON.parse(text) as Obj) : {});

/**
 * The extension's children in canonical SCIM JSON: credentials (public attributes only — the secrets are in
 * columns this never reads), profiles with their authorizations, and the user's custom properties.
 */
export function renderNevisChildren(nevis: StoredNevis): Obj {
  const credentials = nevis.credentials.map((c) =>
    defined({
      extId: c.extId,
      type: c.type,
      state: c.state,
      validFrom: iso(c.validFrom),
      validTo: iso(c.validTo),
      policyExtId: c.policyExtId,
      ...parseJson(c.data),
      created: iso(c.createdAt),
      lastModified: iso(c.updatedAt),
      loginInfo: renderLoginInfo(c.login),
      properties: propertiesOf(nevis.properties, c.extId),
    }),
  );
  const profiles = nevis.profiles.map((p) =>
    defined({
      extId: p.row.extId,
      name: p.row.name,
      unitExtId: p.unitExtId,
      state: p.row.state,
      default: Boolean(p.row.isDefault),
      validFrom: iso(p.row.validFrom),
      validTo: iso(p.row.validTo),
      remarks: p.row.remarks,
      properties: propertiesOf(nevis.properties, p.row.extId),
      authorizations: nonEmpty(
        p.authorizations.map((a) =>
          defined({
            extId: a.row.extId,
            kind: a.row.kind,
            role: a.role,
            enterpriseRoleExtId: a.enterpriseRoleExtId,
            dataRoom: a.row.dataRoom ? parseJson(a.row.dataRoom) : undefined,
            validFrom: iso(a.row.validFrom),
            validTo: iso(a.row.validTo),
          }),
        ),
      ),
    }),
  );
  return (
    defined({
      credentials: nonEmpty(credentials),
      profiles: nonEmpty(profiles),
      properties: propertiesOf(nevis.properties, ''),
    }) ?? {}
  );
}

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);
