import { URN } from '../../scim/schema/urns';

/**
 * The explicit map from User attributes (canonical paths, lower-cased) to storage. Filters and sorting go
 * through it, so a filter can only ever name a column listed here (SECURITY.md "Filters"); the schema
 * registry supplies each attribute's type and `caseExact`.
 *
 * `match` says how a string is compared:
 * - `norm`:  the column holds the NFKC + lower-case form; the value is normalised the same way (indexable);
 * - `lower`: LOWER(column) against the lower-cased value (case-insensitive attributes without a norm column);
 * - `exact`: compared as stored (caseExact attributes, booleans, dates, numbers).
 */
export type Match = 'norm' | 'lower' | 'exact';

export type ColumnKind = 'string' | 'boolean' | 'dateTime' | 'integer' | 'id' | 'active' | 'version';

export interface UserColumn {
  column: string;
  kind: ColumnKind;
  match: Match;
}

export interface ChildTable {
  table: string;
  /** Extra condition selecting the rows of one attribute in a shared table (user_multi_values). */
  attribute?: string;
  columns: Readonly<Record<string, UserColumn>>;
}

const str = (column: string, match: Match = 'lower'): UserColumn => ({ column, kind: 'string', match });
const exact = (column: string): UserColumn => str(column, 'exact');
const bool = (column: string): UserColumn => ({ column, kind: 'boolean', match: 'exact' });
const ENT = URN.enterpriseUser.toLowerCase();
const NEV = URN.nevisUser.toLowerCase();

/** Singular attributes: columns of `users`. Keys: `attr` or `attr.sub`, core unprefixed, extensions `urn:attr`. */
export const USER_COLUMNS: Readonly<Record<string, UserColumn>> = {
  id: { column: 'id', kind: 'id', match: 'exact' },
  externalid: exact('external_id'),
  username: str('user_name_norm', 'norm'),
  'name.familyname': str('family_name_norm', 'norm'),
  'name.givenname': str('given_name_norm', 'norm'),
  'name.middlename': str('middle_name'),
  'name.honorificprefix': str('honorific_prefix'),
  'name.honorificsuffix': str('honorific_suffix'),
  displayname: str('display_name_norm', 'norm'),
  nickname: str('nick_name'),
  profileurl: str('profile_url'),
  title: str('title'),
  usertype: str('user_type'),
  preferredlanguage: str('preferred_language'),
  locale: str('locale'),
  timezone: str('timezone'),
  active: { column: 'state', kind: 'active', match: 'exact' },
  'meta.created': { column: 'created_at', kind: 'dateTime', match: 'exact' },
  'meta.lastmodified': { column: 'updated_at', kind: 'dateTime', match: 'exact' },
  'meta.version': { column: 'version', kind: 'version', match: 'exact' },
  [`${ENT}:employeenumber`]: str('employee_number'),
  [`${ENT}:costcenter`]: str('cost_center'),
  [`${ENT}:organization`]: str('organization'),
  [`${ENT}:division`]: str('division'),
  [`${ENT}:department`]: str('department'),
  [`${ENT}:manager.value`]: exact('manager_value'),
  [`${NEV}:state`]: str('state'),
  [`${NEV}:technicaluser`]: bool('technical_user'),
  [`${NEV}:birthdate`]: exact('birth_date'),
  [`${NEV}:gender`]: str('gender'),
  [`${NEV}:validfrom`]: { column: 'valid_from', kind: 'dateTime', match: 'exact' },
  [`${NEV}:validto`]: { column: 'valid_to', kind: 'dateTime', match: 'exact' },
  [`${NEV}:remarks`]: str('remarks'),
};

const valueElementColumns = (valueMatch: Match): Record<string, UserColumn> => ({
  value: str(valueMatch === 'norm' ? 'value_norm' : 'value', valueMatch),
  type: str('type'),
  display: str('display'),
  primary: bool('primary'),
});

/** Multi-valued attributes: child tables, one row per element. */
export const USER_CHILD_TABLES: Readonly<Record<string, ChildTable>> = {
  emails: { table: 'user_emails', columns: valueElementColumns('norm') },
  phonenumbers: { table: 'user_phone_numbers', columns: valueElementColumns('norm') },
  addresses: {
    table: 'user_addresses',
    columns: {
      formatted: str('formatted'),
      streetaddress: str('street_address'),
      locality: str('locality'),
      region: str('region'),
      postalcode: str('postal_code'),
      country: str('country'),
      type: str('type'),
      primary: bool('primary'),
    },
  },
  ims: { table: 'user_multi_values', attribute: 'ims', columns: valueElementColumns('lower') },
  photos: { table: 'user_multi_values', attribute: 'photos', columns: valueElementColumns('exact') },
  entitlements: {
    table: 'user_multi_values',
    attribute: 'entitlements',
    columns: valueElementColumns('lower'),
  },
  roles: { table: 'user_multi_values', attribute: 'roles', columns: valueElementColumns('lower') },
  x509certificates: {
    table: 'user_multi_values',
    attribute: 'x509Certificates',
    columns: valueElementColumns('exact'),
  },
  // The nevisIDM extension's credentials and profiles (their secrets are never columns here).
  credentials: {
    table: 'credentials',
    columns: { extid: exact('ext_id'), type: exact('type'), state: str('state') },
  },
  profiles: {
    table: 'profiles',
    columns: { extid: exact('ext_id'), name: str('name'), state: str('state'), default: bool('is_default') },
  },
};
