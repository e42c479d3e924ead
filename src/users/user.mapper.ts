import { versionToEtag } from '../common/http/etag';
import type { ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { ScimError } from '../scim/errors/scim-error';
import { LEN } from '../scim/schema/user.schema';
import { codePointLength, normalizeCaseInsensitive } from '../scim/values/text';
import type { UserAddressEntity } from './entities/user-address.entity';
import type { UserEmailEntity } from './entities/user-email.entity';
import {
  GENERIC_MULTI_VALUED,
  type GenericMultiValued,
  type UserMultiValueEntity,
} from './entities/user-multi-value.entity';
import type { UserPhoneNumberEntity } from './entities/user-phone-number.entity';
import type { UserEntity, UserState } from './entities/user.entity';
import type { LoginColumns } from './entities/login-columns';
import { NO_NEVIS, type StoredNevis } from './nevis/nevis-rows';
import { renderLoginInfo, renderNevisChildren } from './nevis/nevis.render';
import { asList, asObj, date, str as s, type Obj } from './json-values';

/** Columns of a child row that the mapper fills (ids, tenant and user are the repository's business). */
type ChildRow<T> = Omit<T, 'id' | 'clientId' | 'userId' | 'user'>;

/** The user's own columns, as written by create and replace. */
export type UserColumns = Omit<
  UserEntity,
  'id' | 'clientId' | 'client' | 'version' | 'createdAt' | 'updatedAt' | 'login'
>;

export interface UserRows {
  user: UserColumns;
  emails: ChildRow<UserEmailEntity>[];
  phoneNumbers: ChildRow<UserPhoneNumberEntity>[];
  addresses: ChildRow<UserAddressEntity>[];
  multiValues: ChildRow<UserMultiValueEntity>[];
  /** The user's loginInfo columns; unchanged when absent. */
  login?: LoginColumns;
}

/** A user as read from the database: the row and its children, each in position order. */
export interface StoredUser {
  user: UserEntity;
  emails: UserEmailEntity[];
  phoneNumbers: UserPhoneNumberEntity[];
  addresses: UserAddressEntity[];
  multiValues: UserMultiValueEntity[];
  /** The manager's display name when `managerValue` names a user of the same client. */
  managerDisplayName?: string | null;
  /** The nevisIDM extension's children, when read. */
  nevis?: StoredNevis;
}

/** `primary: true` at most once per attribute: a later primary demotes an earlier one (USER-SCHEMA.md §1). */
function primaries(items: Obj[]): boolean[] {
  const last = items.map((i) => i.primary === true).lastIndexOf(true);
  return items.map((_, i) => i === last);
}

interface ValueRow {
  position: number;
  value: string;
  type: string | null;
  display: string | null;
  primary: boolean;
}

/** The `{value, type, display, primary}` elements of a multi-valued attribute; elements without a value are dropped. */
function valueRows(list: unknown): ValueRow[] {
  const items = asList(list).filter((i) => typeof i.value === 'string');
  const primary = primaries(items);
  return items.map((item, position) => ({
    position,
    value: item.value as string,
    type: s(item.type),
    display: s(item.display),
    primary: primary[position],
  }));
}

/**
 * The normalised copy of a case-insensitive value. NFKC and lower-casing can lengthen a string (U+FDFA
 * becomes 18 characters), so the normalised form is checked against its column too — on every engine.
 */
function normalized(value: string, maxLength: number, path: string): string {
  const norm = normalizeCaseInsensitive(value);
  if (codePointLength(norm) > maxLength) {
    throw ScimError.invalidValue(
      `Attribute '${path}' is longer than ${maxLength} characters once normalised (Unicode NFKC, lower case)`,
    );
  }
  return norm;
}

function normalizedOrNull(value: string | null, path: string): string | null {
  return value === null ? null : normalized(value, LEN.name, path);
}

/**
 * The nevisIDM state: core `active`, when given, decides whether the user is active (USER-SCHEMA.md §3:
 * setting `active` sets active/disabled); the extension's `state` tells disabled from archived.
 */
function stateOf(resource: ScimResource, nevis: Obj): UserState {
  const given = s(nevis.state) as UserState | null;
  if (resource.active === true) return 'active';
  if (resource.active === false) return given === 'archived' ? 'archived' : 'disabled';
  return given ?? 'active';
}

/**
 * PUT replaces the nevisIDM extension only when the body carries it (API.md §4.5): connectors that know
 * nothing of it must not wipe it, so without it the stored extension is kept (core `active` still applies).
 */
export function keepNevisExtension(resource: ScimResource, current: ScimResource): ScimResource {
  if (resource[URN.nevisUser] !== undefined) return resource;
  return { ...resource, [URN.nevisUser]: asObj(current[URN.nevisUser]) };
}

/** Canonical SCIM JSON (from the schema registry's coercion) → rows. */
export function toRows(resource: ScimResource): UserRows {
  const name = asObj(resource.name);
  const enterprise = asObj(resource[URN.enterpriseUser]);
  const nevis = asObj(resource[URN.nevisUser]);
  const userName = s(resource.userName) ?? '';
  const addresses = asList(resource.addresses);
  const addressPrimary = primaries(addresses);
  const multiValues = GENERIC_MULTI_VALUED.flatMap((attribute) =>
    valueRows(resource[attribute]).map((row) => ({ ...row, attribute })),
  );
  return {
    user: {
      userName,
      userNameNorm: normalized(userName, LEN.name, 'userName'),
      externalId: s(resource.externalId),
      familyName: s(name.familyName),
      familyNameNorm: normalizedOrNull(s(name.familyName), 'name.familyName'),
      givenName: s(name.givenName),
      givenNameNorm: normalizedOrNull(s(name.givenName), 'name.givenName'),
      middleName: s(name.middleName),
      honorificPrefix: s(name.honorificPrefix),
      honorificSuffix: s(name.honorificSuffix),
      displayName: s(resource.displayName),
      displayNameNorm: normalizedOrNull(s(resource.displayName), 'displayName'),
      nickName: s(resource.nickName),
      profileUrl: s(resource.profileUrl),
      title: s(resource.title),
      userType: s(resource.userType),
      preferredLanguage: s(resource.preferredLanguage),
      locale: s(resource.locale),
      timezone: s(resource.timezone),
      state: stateOf(resource, nevis),
      technicalUser: typeof nevis.technicalUser === 'boolean' ? nevis.technicalUser : null,
      birthDate: s(nevis.birthDate),
      gender: s(nevis.gender),
      validFrom: date(nevis.validFrom),
      validTo: date(nevis.validTo),
      remarks: s(nevis.remarks),
      employeeNumber: s(enterprise.employeeNumber),
      costCenter: s(enterprise.costCenter),
      organization: s(enterprise.organization),
      division: s(enterprise.division),
      department: s(enterprise.department),
      managerValue: s(asObj(enterprise.manager).value),
    },
    emails: valueRows(resource.emails).map((row) => ({
      ...row,
      valueNorm: normalized(row.value, LEN.email, 'emails.value'),
    })),
    phoneNumbers: valueRows(resource.phoneNumbers).map((row) => ({
      ...row,
      valueNorm: normalized(row.value, LEN.phone, 'phoneNumbers.value'),
    })),
    addresses: addresses.map((a, position) => ({
      position,
      formatted: s(a.formatted),
      streetAddress: s(a.streetAddress),
      locality: s(a.locality),
      region: s(a.region),
      postalCode: s(a.postalCode),
      country: s(a.country),
      type: s(a.type),
      primary: addressPrimary[position],
    })),
    multiValues,
  };
}

/** Drops null members so the object has only the attributes that have a value. */
function compact(o: Obj): Obj | undefined {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== false) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function element(value: string, type: string | null, display: string | null, primary: boolean): Obj {
  return compact({ value, type, display, primary: primary || null })!;
}

const toIso = (d: Date) => new Date(d).toISOString();
/** An attribute with no elements is absent (RFC 7643 §2.5: unassigned), never `[]`. */
const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** Rows → canonical SCIM JSON (rendered for the wire by the schema registry). */
export function toResource(stored: StoredUser, usersLocation: string): ScimResource {
  const u = stored.user;
  const formatted = [u.givenName, u.middleName, u.familyName].filter((p) => p).join(' ');
  const resource: ScimResource = {
    id: String(u.id),
    externalId: u.externalId ?? undefined,
    userName: u.userName,
    name: compact({
      formatted: formatted || null,
      familyName: u.familyName,
      givenName: u.givenName,
      middleName: u.middleName,
      honorificPrefix: u.honorificPrefix,
      honorificSuffix: u.honorificSuffix,
    }),
    displayName: u.displayName ?? undefined,
    nickName: u.nickName ?? undefined,
    profileUrl: u.profileUrl ?? undefined,
    title: u.title ?? undefined,
    userType: u.userType ?? undefined,
    preferredLanguage: u.preferredLanguage ?? undefined,
    locale: u.locale ?? undefined,
    timezone: u.timezone ?? undefined,
    active: u.state === 'active',
    emails: nonEmpty(stored.emails.map((e) => element(e.value, e.type, e.display, e.primary))),
    phoneNumbers: nonEmpty(stored.phoneNumbers.map((p) => element(p.value, p.type, p.display, p.primary))),
    addresses: nonEmpty(
      stored.addresses.map((a) =>
        compact({
          formatted: a.formatted,
          streetAddress: a.streetAddress,
          locality: a.locality,
          region: a.region,
          postalCode: a.postalCode,
          country: a.country,
          type: a.type,
          primary: a.primary || null,
        }),
      ),
    ),
    meta: {
      resourceType: 'User',
      created: toIso(u.createdAt),
      lastModified: toIso(u.updatedAt),
      location: `${usersLocation}/${u.id}`,
      version: versionToEtag(u.version),
    },
  };
  const byAttribute = new Map<GenericMultiValued, Obj[]>();
  for (const m of stored.multiValues) {
    const list = byAttribute.get(m.attribute) ?? [];
    list.push(element(m.value, m.type, m.display, m.primary));
    byAttribute.set(m.attribute, list);
  }
  for (const [attribute, items] of byAttribute) resource[attribute] = items;
  const manager = u.managerValue
    ? compact({
        value: u.managerValue,
        $ref: stored.managerDisplayName !== undefined ? `${usersLocation}/${u.managerValue}` : null,
        displayName: stored.managerDisplayName ?? null,
      })
    : undefined;
  const enterprise = compact({
    employeeNumber: u.employeeNumber,
    costCenter: u.costCenter,
    organization: u.organization,
    division: u.division,
    department: u.department,
    manager,
  });
  if (enterprise) resource[URN.enterpriseUser] = enterprise;
  const nevis: Obj = compact({
    state: u.state,
    birthDate: u.birthDate,
    gender: u.gender,
    validFrom: u.validFrom ? toIso(u.validFrom) : null,
    validTo: u.validTo ? toIso(u.validTo) : null,
    remarks: u.remarks,
  })!;
  // Set after compact(), which drops `false`.
  if (u.technicalUser !== null && u.technicalUser !== undefined)
    nevis.technicalUser = Boolean(u.technicalUser);
  Object.assign(nevis, renderNevisChildren(stored.nevis ?? NO_NEVIS));
  const loginInfo = renderLoginInfo(u.login);
  if (loginInfo) nevis.loginInfo = loginInfo;
  resource[URN.nevisUser] = nevis;
  return resource;
}
