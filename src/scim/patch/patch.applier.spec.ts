import { isDeepStrictEqual } from 'node:util';
import { ScimError, type ScimType } from '../errors/scim-error';
import { createDefaultRegistry, USER_RESOURCE_TYPE } from '../schema/resource-types';
import { SchemaRegistry, type ScimResource } from '../schema/schema.registry';
import { attr, complex, type SchemaDef } from '../schema/schema.types';
import { URN } from '../schema/urns';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../schema/user.schema';
import { applyPatch } from './patch.applier';
import { STRICT_PATCH_OPTIONS, type PatchOperation, type PatchOptions } from './patch.types';

const ENT = URN.enterpriseUser;
const CORE = URN.user;
/** The nevisIDM extension prefix, `X` in PATCH-AND-BULK.md §1.1. */
const X = URN.nevisUser;

/** The client defaults (every connector tolerance on). */
const COMPAT: PatchOptions = Object.freeze({
  booleanStrings: true,
  filteredPathCreatesElement: true,
  pathlessDottedKeys: true,
});
const STRICT: PatchOptions = STRICT_PATCH_OPTIONS;

const registry = createDefaultRegistry();

// ---------------------------------------------------------------------------------------------------------
// Fixtures: canonical SCIM JSON as the mapper produces it (primary only where true, no nulls).

const ID = '2819c223-7f76-453a-919d-413861904646';
const NAME = { formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' };
const WORK_EMAIL = { value: 'ada@example.com', type: 'work', primary: true };
const HOME_EMAIL = { value: 'ada@home.example', type: 'home' };
const EMAILS = [WORK_EMAIL, HOME_EMAIL];
const PHONE = { value: '+41 44 123 45 67', type: 'work' };
const ADDRESS = {
  streetAddress: 'Main St 1',
  locality: 'Zurich',
  postalCode: '8000',
  country: 'CH',
  type: 'work',
};
const MANAGER = {
  value: 'mgr-1',
  $ref: 'https://idm.example/scim/v2/acme/Users/mgr-1',
  displayName: 'Grace Hopper',
};
const ENTERPRISE = { employeeNumber: '42', department: 'R&D', manager: MANAGER };
const META = {
  resourceType: 'User',
  created: '2026-01-01T00:00:00.000Z',
  lastModified: '2026-02-01T00:00:00.000Z',
  location: `https://idm.example/scim/v2/acme/Users/${ID}`,
  version: 'W/"3"',
};
const BASE: ScimResource = {
  id: ID,
  externalId: 'ext-ada',
  userName: 'ada@example.com',
  name: NAME,
  displayName: 'Ada Lovelace',
  title: 'Countess',
  active: true,
  emails: EMAILS,
  phoneNumbers: [PHONE],
  addresses: [ADDRESS],
  roles: [{ value: 'reader' }],
  meta: META,
  [ENT]: ENTERPRISE,
};
/** A user with nothing but the required and server-set attributes. */
const BARE: ScimResource = { id: ID, userName: 'ada@example.com', active: true, meta: META };
const GROUP = { value: 'g-1', display: 'Admins', type: 'direct' };
const WITH_GROUPS: ScimResource = { ...BARE, groups: [GROUP] };

/** A copy of `resource` without the named top-level keys. */
function without(resource: ScimResource, ...keys: string[]): ScimResource {
  return Object.fromEntries(Object.entries(resource).filter(([k]) => !keys.includes(k)));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

interface Case {
  name: string;
  resource?: ScimResource;
  operations: unknown[];
  options?: PatchOptions;
  expected?: ScimResource;
  /** Defaults to "the expected resource differs from the input". */
  changed?: boolean;
  error?: { status: number; scimType: ScimType; detail: string };
}

const bad = (scimType: ScimType, detail: string) => ({ status: 400, scimType, detail });

// ---------------------------------------------------------------------------------------------------------
// The table

const OPS_AND_ENVELOPE: Case[] = [
  {
    name: 'replace a singular attribute',
    operations: [{ op: 'replace', path: 'displayName', value: 'Augusta Ada King' }],
    expected: { ...BASE, displayName: 'Augusta Ada King' },
  },
  {
    name: "Entra's capitalised Replace",
    operations: [{ op: 'Replace', path: 'displayName', value: 'Countess of Lovelace' }],
    expected: { ...BASE, displayName: 'Countess of Lovelace' },
  },
  {
    name: "Entra's capitalised Add",
    operations: [{ op: 'Add', path: 'nickName', value: 'Ada' }],
    expected: { ...BASE, nickName: 'Ada' },
  },
  {
    name: "Entra's capitalised Remove",
    operations: [{ op: 'Remove', path: 'title' }],
    expected: without(BASE, 'title'),
  },
  {
    name: 'op in upper case',
    operations: [{ op: 'REPLACE', path: 'title', value: 'Mathematician' }],
    expected: { ...BASE, title: 'Mathematician' },
  },
  {
    name: 'an empty operation list is a no-op',
    operations: [],
    expected: BASE,
    changed: false,
  },
  {
    name: 'operations apply in order to one copy',
    operations: [
      { op: 'replace', path: 'displayName', value: 'First' },
      { op: 'replace', path: 'displayName', value: 'Second' },
      { op: 'add', path: 'nickName', value: 'A' },
    ],
    expected: { ...BASE, displayName: 'Second', nickName: 'A' },
  },
  {
    name: 'a later operation sees an earlier one',
    resource: BARE,
    operations: [
      { op: 'add', path: 'emails', value: { value: 'a@x.example', type: 'work' } },
      { op: 'replace', path: 'emails[type eq "work"].display', value: 'Work' },
    ],
    expected: { ...BARE, emails: [{ value: 'a@x.example', type: 'work', display: 'Work' }] },
  },
  {
    name: 'changing and changing back is not a change',
    operations: [
      { op: 'replace', path: 'displayName', value: 'Other' },
      { op: 'replace', path: 'displayName', value: 'Ada Lovelace' },
    ],
    expected: BASE,
    changed: false,
  },
  {
    name: 'unknown op',
    operations: [{ op: 'update', path: 'displayName', value: 'x' }],
    error: bad(
      'invalidSyntax',
      `Operations[0] (update displayName): 'op' must be "add", "replace" or "remove"`,
    ),
  },
  {
    name: 'missing op',
    operations: [{ path: 'displayName', value: 'x' }],
    error: bad('invalidSyntax', `Operations[0] (displayName): 'op' must be`),
  },
  {
    name: 'op that is not a string',
    operations: [{ op: 1, path: 'displayName', value: 'x' }],
    error: bad('invalidSyntax', `Operations[0] (displayName): 'op' must be`),
  },
  {
    name: 'an operation that is not an object',
    operations: ['replace'],
    error: bad('invalidSyntax', 'Operations[0]: Each operation must be an object'),
  },
  {
    name: 'the error names the failing operation, not the first',
    operations: [
      { op: 'replace', path: 'displayName', value: 'ok' },
      { op: 'replace', path: 'nickName', value: 7 },
    ],
    error: bad('invalidValue', "Operations[1] (replace nickName): Attribute 'nickName' must be a string"),
  },
  {
    name: 'add without a value',
    operations: [{ op: 'add', path: 'nickName' }],
    error: bad('invalidValue', "Operations[0] (add nickName): An 'add' operation needs a value"),
  },
  {
    name: 'add with a null value',
    operations: [{ op: 'add', path: 'nickName', value: null }],
    error: bad('invalidValue', "An 'add' operation needs a value"),
  },
  {
    name: 'replace without a value',
    operations: [{ op: 'replace', path: 'nickName' }],
    error: bad('invalidValue', "Operations[0] (replace nickName): A 'replace' operation needs a value"),
  },
  {
    name: 'remove without a path',
    operations: [{ op: 'remove', value: { title: 'Countess' } }],
    error: bad('noTarget', "Operations[0] (remove): A 'remove' operation needs a path"),
  },
  {
    name: 'a null path is no path',
    operations: [{ op: 'replace', path: null, value: { active: false } }],
    expected: { ...BASE, active: false },
  },
  {
    name: 'a path that is not a string',
    operations: [{ op: 'replace', path: 42, value: 'x' }],
    error: bad('invalidPath', 'Operations[0] (replace): The path must be a string'),
  },
  {
    name: 'a path that does not parse',
    operations: [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }],
    error: bad('invalidPath', `Operations[0] (replace emails[type eq "work"): Unexpected end of path`),
  },
  {
    name: 'an empty path',
    operations: [{ op: 'replace', path: '', value: 'x' }],
    error: bad('invalidPath', 'Operations[0] (replace): Unexpected end of path at column 1'),
  },
];

const SINGULAR: Case[] = [
  {
    name: 'add on a singular attribute sets it',
    resource: BARE,
    operations: [{ op: 'add', path: 'title', value: 'Countess' }],
    expected: { ...BARE, title: 'Countess' },
  },
  {
    name: 'add on a singular attribute that has a value replaces it',
    operations: [{ op: 'add', path: 'title', value: 'Mathematician' }],
    expected: { ...BASE, title: 'Mathematician' },
  },
  {
    name: 'replace of an attribute that has no value adds it',
    resource: BARE,
    operations: [{ op: 'replace', path: 'locale', value: 'en-GB' }],
    expected: { ...BARE, locale: 'en-GB' },
  },
  {
    name: 'replace with null clears the attribute',
    operations: [{ op: 'replace', path: 'title', value: null }],
    expected: without(BASE, 'title'),
  },
  {
    name: 'remove a singular attribute',
    operations: [{ op: 'remove', path: 'externalId' }],
    expected: without(BASE, 'externalId'),
  },
  {
    name: 'remove an attribute that has no value is a no-op',
    operations: [{ op: 'remove', path: 'nickName' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'remove of a singular attribute with a value',
    operations: [{ op: 'remove', path: 'title', value: 'Countess' }],
    error: bad(
      'invalidValue',
      "Operations[0] (remove title): 'title' is single-valued: a remove takes no value",
    ),
  },
  {
    name: 'remove of the required userName',
    operations: [{ op: 'remove', path: 'userName' }],
    error: bad('mutability', "Operations[0] (remove userName): 'userName' is required and cannot be removed"),
  },
  {
    name: 'replace of the required userName with null',
    operations: [{ op: 'replace', path: 'userName', value: null }],
    error: bad('mutability', "'userName' is required and cannot be removed"),
  },
  {
    name: 'replace userName with an empty string',
    operations: [{ op: 'replace', path: 'userName', value: '   ' }],
    error: bad('invalidValue', "Attribute 'userName' must not be empty"),
  },
  {
    name: 'replace userName with a number',
    operations: [{ op: 'replace', path: 'userName', value: 5 }],
    error: bad('invalidValue', "Operations[0] (replace userName): Attribute 'userName' must be a string"),
  },
  {
    name: 'a string longer than its column',
    operations: [{ op: 'replace', path: 'locale', value: 'x'.repeat(65) }],
    error: bad('invalidValue', "Attribute 'locale' is longer than 64 characters"),
  },
  {
    name: 'attribute names are case-insensitive (USERNAME)',
    operations: [{ op: 'replace', path: 'USERNAME', value: 'augusta@example.com' }],
    expected: { ...BASE, userName: 'augusta@example.com' },
  },
  {
    name: 'sub-attribute names are case-insensitive (Name.GivenName)',
    operations: [{ op: 'replace', path: 'Name.GivenName', value: 'Augusta' }],
    expected: { ...BASE, name: { ...NAME, givenName: 'Augusta' } },
  },
  {
    name: 'add a sub-attribute',
    operations: [{ op: 'add', path: 'name.middleName', value: 'Byron' }],
    expected: { ...BASE, name: { ...NAME, middleName: 'Byron' } },
  },
  {
    name: 'add a sub-attribute of a complex attribute that has no value',
    resource: BARE,
    operations: [{ op: 'add', path: 'name.familyName', value: 'Lovelace' }],
    expected: { ...BARE, name: { familyName: 'Lovelace' } },
  },
  {
    name: 'remove a sub-attribute',
    operations: [{ op: 'remove', path: 'name.givenName' }],
    expected: { ...BASE, name: { formatted: 'Ada Lovelace', familyName: 'Lovelace' } },
  },
  {
    name: 'remove the last sub-attribute removes the complex attribute',
    resource: { ...BARE, name: { givenName: 'Ada' } },
    operations: [{ op: 'remove', path: 'name.givenName' }],
    expected: BARE,
  },
  {
    name: 'replace a complex attribute merges the sub-attributes given (RFC 7644 §3.5.2.3)',
    operations: [{ op: 'replace', path: 'name', value: { givenName: 'Augusta', middleName: 'Ada' } }],
    expected: { ...BASE, name: { ...NAME, givenName: 'Augusta', middleName: 'Ada' } },
  },
  {
    name: 'sub-attribute keys in a value are case-insensitive',
    operations: [{ op: 'replace', path: 'name', value: { GivenName: 'Augusta', FAMILYNAME: 'King' } }],
    expected: { ...BASE, name: { ...NAME, givenName: 'Augusta', familyName: 'King' } },
  },
  {
    name: 'unknown keys inside a value are ignored',
    operations: [
      { op: 'replace', path: 'name', value: { givenName: 'Augusta', nickname: 'x', foo: { bar: 1 } } },
    ],
    expected: { ...BASE, name: { ...NAME, givenName: 'Augusta' } },
  },
  {
    name: 'a readOnly sub-attribute inside a value is ignored, as in a POST',
    operations: [{ op: 'replace', path: 'name', value: { formatted: 'Someone Else' } }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'add a complex attribute to a user without it',
    resource: BARE,
    operations: [{ op: 'add', path: 'name', value: { givenName: 'Ada', familyName: 'Lovelace' } }],
    expected: { ...BARE, name: { givenName: 'Ada', familyName: 'Lovelace' } },
  },
  {
    name: 'remove a whole complex attribute (its readOnly part goes with it)',
    operations: [{ op: 'remove', path: 'name' }],
    expected: without(BASE, 'name'),
  },
  {
    name: 'a complex attribute given as a string',
    operations: [{ op: 'replace', path: 'name', value: 'Ada Lovelace' }],
    error: bad('invalidValue', "Attribute 'name' must be an object"),
  },
  {
    name: 'a singular attribute given a list of two',
    operations: [{ op: 'replace', path: 'displayName', value: ['a', 'b'] }],
    error: bad('invalidValue', "Attribute 'displayName' is single-valued but got a list"),
  },
  {
    name: 'unknown attribute in a path',
    operations: [{ op: 'replace', path: 'favouriteColour', value: 'green' }],
    error: bad('invalidPath', "Operations[0] (replace favouriteColour): Unknown attribute 'favouriteColour'"),
  },
  {
    name: 'unknown sub-attribute in a path',
    operations: [{ op: 'replace', path: 'name.nickName', value: 'x' }],
    error: bad('invalidPath', "Unknown attribute 'name.nickName'"),
  },
  {
    name: 'a sub-attribute of a simple attribute',
    operations: [{ op: 'replace', path: 'displayName.first', value: 'x' }],
    error: bad('invalidPath', "'displayName' has no sub-attributes"),
  },
  {
    name: 'a filter on a simple attribute',
    operations: [{ op: 'replace', path: 'displayName[value eq "x"]', value: 'y' }],
    error: bad('invalidPath', "'displayName' is not a multi-valued complex attribute"),
  },
  {
    name: 'a filter on a singular complex attribute',
    operations: [{ op: 'replace', path: 'name[givenName eq "Ada"].familyName', value: 'King' }],
    error: bad('invalidPath', "'name' is not a multi-valued complex attribute"),
  },
  {
    name: 'an enterprise attribute without its URN is not a core attribute',
    operations: [{ op: 'replace', path: 'department', value: 'Ops' }],
    error: bad('invalidPath', "Unknown attribute 'department'"),
  },
];

const BOOLEANS: Case[] = [
  {
    name: 'Entra disables with Replace active "False" (a string)',
    operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    expected: { ...BASE, active: false },
  },
  {
    name: 'Entra\'s periodic Replace active "True" on an active user is a no-op',
    operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'boolean strings in any case',
    operations: [{ op: 'replace', path: 'active', value: 'fAlSe' }],
    expected: { ...BASE, active: false },
  },
  {
    name: 'Entra re-enables with "True"',
    resource: { ...BARE, active: false },
    operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    expected: BARE,
  },
  {
    name: 'strict: "False" is not a boolean',
    operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    options: STRICT,
    error: bad('invalidValue', "Operations[0] (Replace active): Attribute 'active' must be a boolean"),
  },
  {
    name: 'strict: a JSON boolean',
    operations: [{ op: 'replace', path: 'active', value: false }],
    options: STRICT,
    expected: { ...BASE, active: false },
  },
  {
    name: 'a string that is no boolean',
    operations: [{ op: 'replace', path: 'active', value: 'yes' }],
    error: bad('invalidValue', "Attribute 'active' must be a boolean"),
  },
  {
    name: 'Okta deactivates with a pathless replace {"active":false}',
    operations: [{ op: 'replace', value: { active: false } }],
    expected: { ...BASE, active: false },
  },
  {
    name: 'strict: Okta deactivation is RFC 7644 and works',
    operations: [{ op: 'replace', value: { active: false } }],
    options: STRICT,
    expected: { ...BASE, active: false },
  },
  {
    name: 'boolean strings inside an element',
    resource: BARE,
    operations: [{ op: 'add', path: 'emails', value: [{ value: 'a@x.example', primary: 'True' }] }],
    expected: { ...BARE, emails: [{ value: 'a@x.example', primary: true }] },
  },
];

const MULTI_VALUED: Case[] = [
  {
    name: 'add one element to a multi-valued attribute appends it',
    operations: [{ op: 'add', path: 'emails', value: { value: 'ada@other.example', type: 'other' } }],
    expected: { ...BASE, emails: [...EMAILS, { value: 'ada@other.example', type: 'other' }] },
  },
  {
    name: 'add a list appends every element',
    operations: [
      {
        op: 'add',
        path: 'phoneNumbers',
        value: [
          { value: '+41 79 000 00 00', type: 'mobile' },
          { value: '+41 44 000 00 01', type: 'fax' },
        ],
      },
    ],
    expected: {
      ...BASE,
      phoneNumbers: [
        PHONE,
        { value: '+41 79 000 00 00', type: 'mobile' },
        { value: '+41 44 000 00 01', type: 'fax' },
      ],
    },
  },
  {
    name: 'add to a multi-valued attribute that has no value',
    resource: BARE,
    operations: [{ op: 'add', path: 'emails', value: [{ value: 'a@x.example', type: 'work' }] }],
    expected: { ...BARE, emails: [{ value: 'a@x.example', type: 'work' }] },
  },
  {
    name: 'add an element that is already there does not duplicate it',
    operations: [{ op: 'add', path: 'emails', value: [{ value: 'ada@home.example', type: 'home' }] }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'duplicates are found case-insensitively where the value is not caseExact',
    operations: [{ op: 'add', path: 'emails', value: { value: 'ADA@Home.Example', type: 'HOME' } }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'the same element twice in one add is added once',
    resource: BARE,
    operations: [{ op: 'add', path: 'roles', value: [{ value: 'admin' }, { value: 'admin' }] }],
    expected: { ...BARE, roles: [{ value: 'admin' }] },
  },
  {
    name: 'an element differing in one sub-attribute is added',
    operations: [{ op: 'add', path: 'emails', value: { value: 'ada@home.example', type: 'other' } }],
    expected: { ...BASE, emails: [...EMAILS, { value: 'ada@home.example', type: 'other' }] },
  },
  {
    name: 'add a primary element demotes the old primary',
    operations: [
      { op: 'add', path: 'emails', value: { value: 'new@x.example', type: 'work', primary: true } },
    ],
    expected: {
      ...BASE,
      emails: [
        { value: 'ada@example.com', type: 'work' },
        HOME_EMAIL,
        { value: 'new@x.example', type: 'work', primary: true },
      ],
    },
  },
  {
    name: 'two primaries in one add: the last wins',
    resource: BARE,
    operations: [
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'a@x.example', primary: true },
          { value: 'b@x.example', primary: true },
        ],
      },
    ],
    expected: { ...BARE, emails: [{ value: 'a@x.example' }, { value: 'b@x.example', primary: true }] },
  },
  {
    name: 'primary false is the same as no primary',
    resource: BARE,
    operations: [{ op: 'add', path: 'emails', value: [{ value: 'a@x.example', primary: false }] }],
    expected: { ...BARE, emails: [{ value: 'a@x.example' }] },
  },
  {
    name: 'replace a multi-valued attribute without a filter replaces the list',
    operations: [{ op: 'replace', path: 'emails', value: [{ value: 'only@x.example', type: 'work' }] }],
    expected: { ...BASE, emails: [{ value: 'only@x.example', type: 'work' }] },
  },
  {
    name: 'replace with one element (not a list) replaces the list',
    operations: [{ op: 'replace', path: 'roles', value: { value: 'admin' } }],
    expected: { ...BASE, roles: [{ value: 'admin' }] },
  },
  {
    name: 'replace with the same list is a no-op',
    operations: [{ op: 'replace', path: 'emails', value: [WORK_EMAIL, { ...HOME_EMAIL, primary: false }] }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'replace with an empty list clears the attribute',
    operations: [{ op: 'replace', path: 'emails', value: [] }],
    expected: without(BASE, 'emails'),
  },
  {
    name: 'replace with null clears the attribute',
    operations: [{ op: 'replace', path: 'roles', value: null }],
    expected: without(BASE, 'roles'),
  },
  {
    name: 'remove a multi-valued attribute',
    operations: [{ op: 'remove', path: 'phoneNumbers' }],
    expected: without(BASE, 'phoneNumbers'),
  },
  {
    name: 'an element of the wrong type',
    operations: [{ op: 'add', path: 'emails', value: [{ value: 42, type: 'work' }] }],
    error: bad('invalidValue', "Operations[0] (add emails): Attribute 'emails[0].value' must be a string"),
  },
  {
    name: 'a bare string where an element object is expected',
    operations: [{ op: 'add', path: 'emails', value: 'a@x.example' }],
    error: bad('invalidValue', "Attribute 'emails[0]' must be an object"),
  },
  {
    name: 'a type outside the canonical values is kept (they are not enforced)',
    resource: BARE,
    operations: [{ op: 'add', path: 'emails', value: { value: 'a@x.example', type: 'custom' } }],
    expected: { ...BARE, emails: [{ value: 'a@x.example', type: 'custom' }] },
  },
  {
    name: 'a sub-attribute path without a filter applies to every element',
    operations: [{ op: 'add', path: 'emails.display', value: 'Ada' }],
    expected: {
      ...BASE,
      emails: [
        { ...WORK_EMAIL, display: 'Ada' },
        { ...HOME_EMAIL, display: 'Ada' },
      ],
    },
  },
  {
    name: 'a sub-attribute path without a filter on an empty attribute',
    resource: BARE,
    operations: [{ op: 'replace', path: 'emails.value', value: 'a@x.example' }],
    error: bad('noTarget', "Operations[0] (replace emails.value): 'emails' has no elements"),
  },
  {
    name: 'remove a sub-attribute from every element',
    resource: {
      ...BARE,
      emails: [
        { value: 'a@x.example', display: 'A' },
        { value: 'b@x.example', display: 'B' },
      ],
    },
    operations: [{ op: 'remove', path: 'emails.display' }],
    expected: { ...BARE, emails: [{ value: 'a@x.example' }, { value: 'b@x.example' }] },
  },
];

const FILTERED: Case[] = [
  {
    name: 'replace a sub-attribute of the matching element',
    operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@new.example' }],
    expected: { ...BASE, emails: [{ ...WORK_EMAIL, value: 'ada@new.example' }, HOME_EMAIL] },
  },
  {
    name: 'replace the matching element as a whole (RFC 7644 §3.5.2.3)',
    operations: [
      {
        op: 'replace',
        path: 'addresses[type eq "work"]',
        value: { type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood' },
      },
    ],
    expected: {
      ...BASE,
      addresses: [{ type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood' }],
    },
  },
  {
    name: 'add to a matching element merges the value into it',
    operations: [{ op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } }],
    expected: { ...BASE, emails: [WORK_EMAIL, { ...HOME_EMAIL, display: 'Home' }] },
  },
  {
    name: 'remove the matching elements',
    operations: [{ op: 'remove', path: 'emails[type eq "home"]' }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'remove the last element removes the attribute',
    operations: [{ op: 'remove', path: 'phoneNumbers[type eq "work"]' }],
    expected: without(BASE, 'phoneNumbers'),
  },
  {
    name: "Entra's member-style removal by filter: members[value eq …] shape on emails",
    operations: [{ op: 'Remove', path: 'emails[value eq "ada@home.example"]' }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'remove with a filter that matches nothing is a no-op',
    operations: [{ op: 'remove', path: 'emails[type eq "other"]' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'strict: remove with a filter that matches nothing is a no-op too',
    operations: [{ op: 'remove', path: 'emails[type eq "other"]' }],
    options: STRICT,
    expected: BASE,
    changed: false,
  },
  {
    name: 'remove a sub-attribute of the matching element',
    operations: [{ op: 'remove', path: 'addresses[type eq "work"].postalCode' }],
    expected: {
      ...BASE,
      addresses: [{ streetAddress: 'Main St 1', locality: 'Zurich', country: 'CH', type: 'work' }],
    },
  },
  {
    name: 'setting primary on an element demotes the others',
    operations: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }],
    expected: {
      ...BASE,
      emails: [
        { value: 'ada@example.com', type: 'work' },
        { ...HOME_EMAIL, primary: true },
      ],
    },
  },
  {
    name: 'clearing primary removes it',
    operations: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: false }],
    expected: { ...BASE, emails: [{ value: 'ada@example.com', type: 'work' }, HOME_EMAIL] },
  },
  {
    name: 'filter values honour caseExact: emails.value is case-insensitive',
    operations: [{ op: 'replace', path: 'emails[value eq "ADA@HOME.EXAMPLE"].display', value: 'Home' }],
    expected: { ...BASE, emails: [WORK_EMAIL, { ...HOME_EMAIL, display: 'Home' }] },
  },
  {
    name: 'filter attribute names are case-insensitive',
    operations: [{ op: 'replace', path: 'emails[TYPE eq "Home"].Display', value: 'Home' }],
    expected: { ...BASE, emails: [WORK_EMAIL, { ...HOME_EMAIL, display: 'Home' }] },
  },
  {
    name: 'a filter on a value that is not caseExact matches in any case',
    resource: { ...BARE, roles: [{ value: 'Admin' }, { value: 'admin' }] },
    operations: [{ op: 'remove', path: 'roles[value eq "admin"]' }],
    expected: BARE,
  },
  {
    name: 'filter with and',
    operations: [
      { op: 'replace', path: 'emails[type eq "work" and primary eq true].display', value: 'Main' },
    ],
    expected: { ...BASE, emails: [{ ...WORK_EMAIL, display: 'Main' }, HOME_EMAIL] },
  },
  {
    name: 'filter with or selects several elements',
    operations: [{ op: 'replace', path: 'emails[type eq "work" or type eq "home"].display', value: 'Mine' }],
    expected: {
      ...BASE,
      emails: [
        { ...WORK_EMAIL, display: 'Mine' },
        { ...HOME_EMAIL, display: 'Mine' },
      ],
    },
  },
  {
    name: 'filter with not',
    operations: [{ op: 'remove', path: 'emails[not (type eq "work")]' }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'filter with co',
    operations: [{ op: 'remove', path: 'emails[value co "@HOME."]' }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'filter with sw',
    operations: [{ op: 'remove', path: 'emails[value sw "ada@ex"]' }],
    expected: { ...BASE, emails: [HOME_EMAIL] },
  },
  {
    name: 'filter with ew',
    operations: [{ op: 'remove', path: 'emails[value ew ".example"]' }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'filter with ne (an element without the sub-attribute matches)',
    resource: { ...BARE, emails: [{ value: 'a@x.example', type: 'work' }, { value: 'b@x.example' }] },
    operations: [{ op: 'remove', path: 'emails[type ne "work"]' }],
    expected: { ...BARE, emails: [{ value: 'a@x.example', type: 'work' }] },
  },
  {
    name: 'filter with pr',
    operations: [{ op: 'remove', path: 'emails[primary pr]' }],
    expected: { ...BASE, emails: [HOME_EMAIL] },
  },
  {
    name: 'filter with gt on strings',
    operations: [{ op: 'remove', path: 'emails[type gt "m"]' }],
    expected: { ...BASE, emails: [HOME_EMAIL] },
  },
  {
    name: 'gt on a boolean sub-attribute',
    operations: [{ op: 'remove', path: 'emails[primary gt true]' }],
    error: bad('invalidPath', "'gt' is not defined for the boolean attribute 'primary'"),
  },
  {
    name: 'unknown attribute inside a filter, even on an empty list',
    resource: BARE,
    operations: [{ op: 'remove', path: 'emails[kind eq "work"]' }],
    error: bad(
      'invalidPath',
      "Operations[0] (remove emails[kind eq \"work\"]): Unknown attribute 'kind' in the filter of 'emails'",
    ),
  },
  {
    name: 'a filter value of the wrong type matches nothing',
    operations: [{ op: 'remove', path: 'emails[primary eq "yes"]' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'replace of a matched element value is type-checked',
    operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: { v: 1 } }],
    error: bad('invalidValue', `Attribute 'emails[type eq "work"].value' must be a string`),
  },
  {
    name: 'replace of several matching elements changes each',
    resource: {
      ...BARE,
      phoneNumbers: [
        { value: '1', type: 'work' },
        { value: '2', type: 'work' },
      ],
    },
    operations: [{ op: 'replace', path: 'phoneNumbers[type eq "work"].display', value: 'Office' }],
    expected: {
      ...BARE,
      phoneNumbers: [
        { value: '1', type: 'work', display: 'Office' },
        { value: '2', type: 'work', display: 'Office' },
      ],
    },
  },
];

const CREATE_ON_FILTER: Case[] = [
  {
    name: 'Entra: emails[type eq "work"].value with no work email creates it',
    resource: BARE,
    operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada@example.com' }],
    expected: { ...BARE, emails: [{ type: 'work', value: 'ada@example.com' }] },
  },
  {
    name: 'Entra: phoneNumbers[type eq "mobile"].value creates the mobile number',
    operations: [{ op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+41 79 123 45 67' }],
    expected: { ...BASE, phoneNumbers: [PHONE, { type: 'mobile', value: '+41 79 123 45 67' }] },
  },
  {
    name: 'Entra: addresses[type eq "work"].postalCode creates the work address',
    resource: BARE,
    operations: [{ op: 'Replace', path: 'addresses[type eq "work"].postalCode', value: '98052' }],
    expected: { ...BARE, addresses: [{ type: 'work', postalCode: '98052' }] },
  },
  {
    name: 'Entra: addresses[type eq "other"].Formatted (capital F) creates the element',
    operations: [{ op: 'Add', path: 'addresses[type eq "other"].Formatted', value: '1 Infinite Loop' }],
    expected: { ...BASE, addresses: [ADDRESS, { type: 'other', formatted: '1 Infinite Loop' }] },
  },
  {
    name: 'Entra: emails[type eq "other"].Value (capital V) creates the element',
    operations: [{ op: 'Replace', path: 'emails[type eq "other"].Value', value: 'ada@other.example' }],
    expected: { ...BASE, emails: [...EMAILS, { type: 'other', value: 'ada@other.example' }] },
  },
  {
    name: 'Entra: the existing work address is updated, not duplicated',
    operations: [{ op: 'Replace', path: 'addresses[type eq "work"].postalCode', value: '8001' }],
    expected: { ...BASE, addresses: [{ ...ADDRESS, postalCode: '8001' }] },
  },
  {
    name: 'Entra: the same value again is a no-op',
    operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada@example.com' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'a whole element from a filtered path with no match',
    resource: BARE,
    operations: [{ op: 'replace', path: 'addresses[type eq "home"]', value: { locality: 'London' } }],
    expected: { ...BARE, addresses: [{ type: 'home', locality: 'London' }] },
  },
  {
    name: 'a created element takes every eq term of an and-filter',
    operations: [
      { op: 'add', path: 'emails[type eq "other" and primary eq true].value', value: 'main@x.example' },
    ],
    expected: {
      ...BASE,
      emails: [
        { value: 'ada@example.com', type: 'work' },
        HOME_EMAIL,
        { type: 'other', primary: true, value: 'main@x.example' },
      ],
    },
  },
  {
    name: 'the value wins over the filter term',
    resource: BARE,
    operations: [
      { op: 'add', path: 'emails[type eq "work"]', value: { value: 'a@x.example', type: 'home' } },
    ],
    expected: { ...BARE, emails: [{ type: 'home', value: 'a@x.example' }] },
  },
  {
    name: 'no element is created from an or-filter',
    resource: BARE,
    operations: [
      { op: 'replace', path: 'emails[type eq "work" or type eq "home"].value', value: 'a@x.example' },
    ],
    error: bad('noTarget', `No element matches 'emails[type eq "work" or type eq "home"]'`),
  },
  {
    name: 'no element is created from a co filter',
    resource: BARE,
    operations: [{ op: 'add', path: 'emails[value co "x"].display', value: 'X' }],
    error: bad('noTarget', `No element matches 'emails[value co "x"]'`),
  },
  {
    name: 'replace with null of a missing element creates nothing',
    resource: BARE,
    operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: null }],
    expected: BARE,
    changed: false,
  },
  {
    name: 'the created element is type-checked',
    resource: BARE,
    operations: [{ op: 'add', path: 'emails[type eq "work"].value', value: 7 }],
    error: bad('invalidValue', `Attribute 'emails[type eq "work"].value' must be a string`),
  },
  {
    name: 'strict: replace of a filtered path with no match is noTarget',
    resource: BARE,
    options: STRICT,
    operations: [{ op: 'Replace', path: 'emails[type eq "other"].Value', value: 'a@x.example' }],
    error: bad(
      'noTarget',
      `Operations[0] (Replace emails[type eq "other"].Value): No element matches 'emails[type eq "other"]'`,
    ),
  },
  {
    name: 'strict: add to a filtered path with no match is noTarget',
    options: STRICT,
    operations: [{ op: 'add', path: 'addresses[type eq "other"].formatted', value: '1 Infinite Loop' }],
    error: bad('noTarget', `No element matches 'addresses[type eq "other"]'`),
  },
  {
    name: 'strict: a filtered path that matches still works',
    options: STRICT,
    operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@new.example' }],
    expected: { ...BASE, emails: [{ ...WORK_EMAIL, value: 'ada@new.example' }, HOME_EMAIL] },
  },
];

const ENTERPRISE_CASES: Case[] = [
  {
    name: 'Entra: URN-prefixed enterprise attribute',
    operations: [{ op: 'Replace', path: `${ENT}:employeeNumber`, value: '1701' }],
    expected: { ...BASE, [ENT]: { ...ENTERPRISE, employeeNumber: '1701' } },
  },
  {
    name: 'the URN is case-insensitive',
    operations: [{ op: 'replace', path: `${ENT.toUpperCase()}:Department`, value: 'Ops' }],
    expected: { ...BASE, [ENT]: { ...ENTERPRISE, department: 'Ops' } },
  },
  {
    name: 'add an enterprise attribute to a user without the extension',
    resource: BARE,
    operations: [{ op: 'add', path: `${ENT}:costCenter`, value: 'CC-7' }],
    expected: { ...BARE, [ENT]: { costCenter: 'CC-7' } },
  },
  {
    name: 'remove the last enterprise attribute removes the extension',
    resource: { ...BARE, [ENT]: { division: 'Engines' } },
    operations: [{ op: 'remove', path: `${ENT}:division` }],
    expected: BARE,
  },
  {
    name: 'remove an enterprise attribute of a user without the extension is a no-op',
    resource: BARE,
    operations: [{ op: 'remove', path: `${ENT}:division` }],
    expected: BARE,
    changed: false,
  },
  {
    name: 'Entra: manager as {"value": …}',
    resource: BARE,
    operations: [{ op: 'Add', path: `${ENT}:manager`, value: { value: 'mgr-2' } }],
    expected: { ...BARE, [ENT]: { manager: { value: 'mgr-2' } } },
  },
  {
    name: 'Entra: manager as [{"value": …}]',
    resource: BARE,
    operations: [{ op: 'Replace', path: `${ENT}:manager`, value: [{ value: 'mgr-2' }] }],
    expected: { ...BARE, [ENT]: { manager: { value: 'mgr-2' } } },
  },
  {
    name: 'Entra: manager as a bare id',
    resource: BARE,
    operations: [{ op: 'Replace', path: `${ENT}:manager`, value: 'mgr-2' }],
    expected: { ...BARE, [ENT]: { manager: { value: 'mgr-2' } } },
  },
  {
    name: 'Entra: changing the manager keeps the other sub-attributes until the service recomputes them',
    operations: [{ op: 'Replace', path: `${ENT}:manager`, value: { value: 'mgr-2' } }],
    expected: { ...BASE, [ENT]: { ...ENTERPRISE, manager: { ...MANAGER, value: 'mgr-2' } } },
  },
  {
    name: 'manager.value as a path',
    operations: [{ op: 'replace', path: `${ENT}:manager.value`, value: 'mgr-3' }],
    expected: { ...BASE, [ENT]: { ...ENTERPRISE, manager: { ...MANAGER, value: 'mgr-3' } } },
  },
  {
    name: "the manager's readOnly displayName in a value is ignored",
    resource: BARE,
    operations: [{ op: 'add', path: `${ENT}:manager`, value: { value: 'mgr-2', displayName: 'Boss' } }],
    expected: { ...BARE, [ENT]: { manager: { value: 'mgr-2' } } },
  },
  {
    name: 'remove the manager',
    operations: [{ op: 'Remove', path: `${ENT}:manager` }],
    expected: { ...BASE, [ENT]: { employeeNumber: '42', department: 'R&D' } },
  },
  {
    name: 'manager as a list of two',
    operations: [{ op: 'replace', path: `${ENT}:manager`, value: [{ value: 'a' }, { value: 'b' }] }],
    error: bad('invalidValue', `Attribute '${ENT}:manager' is single-valued but got a list`),
  },
  {
    name: 'a whole extension by its URN merges',
    operations: [{ op: 'replace', path: ENT, value: { department: 'Ops', organization: 'ACME' } }],
    expected: { ...BASE, [ENT]: { ...ENTERPRISE, department: 'Ops', organization: 'ACME' } },
  },
  {
    name: 'remove a whole extension by its URN',
    operations: [{ op: 'remove', path: ENT }],
    expected: without(BASE, ENT),
  },
  {
    name: 'a whole extension needs an object',
    operations: [{ op: 'add', path: ENT, value: 'Ops' }],
    error: bad('invalidValue', `The value for '${ENT}' must be an object`),
  },
  {
    name: 'an unknown schema URN',
    operations: [
      {
        op: 'replace',
        path: 'urn:example:params:scim:schemas:extension:Custom:1.0:User:shoeSize',
        value: '9',
      },
    ],
    error: bad('invalidPath', "Unknown schema 'urn:example:params:scim:schemas:extension:Custom:1.0:User'"),
  },
  {
    name: 'a core attribute with its URN',
    operations: [{ op: 'replace', path: `${CORE}:displayName`, value: 'Ada' }],
    expected: { ...BASE, displayName: 'Ada' },
  },
  {
    name: 'a core sub-attribute with its URN',
    operations: [{ op: 'replace', path: `${CORE}:name.familyName`, value: 'King' }],
    expected: { ...BASE, name: { ...NAME, familyName: 'King' } },
  },
  {
    name: 'the base schema cannot be removed',
    operations: [{ op: 'remove', path: CORE }],
    error: bad('invalidPath', `The base schema '${CORE}' cannot be removed`),
  },
];

const PATHLESS: Case[] = [
  {
    name: 'Entra aadOptscim062020: one pathless replace with dotted and URN keys',
    operations: [
      {
        op: 'replace',
        value: {
          displayName: 'Augusta Ada King',
          'name.givenName': 'Augusta',
          [`${ENT}:employeeNumber`]: '1815',
        },
      },
    ],
    expected: {
      ...BASE,
      displayName: 'Augusta Ada King',
      name: { ...NAME, givenName: 'Augusta' },
      [ENT]: { ...ENTERPRISE, employeeNumber: '1815' },
    },
  },
  {
    name: 'Entra: pathless dotted keys with capitals',
    operations: [{ op: 'Replace', value: { 'Name.FamilyName': 'King', [`${ENT}:Department`]: 'Ops' } }],
    expected: { ...BASE, name: { ...NAME, familyName: 'King' }, [ENT]: { ...ENTERPRISE, department: 'Ops' } },
  },
  {
    name: 'Entra: pathless filtered key creates the element',
    resource: BARE,
    operations: [{ op: 'Replace', value: { 'emails[type eq "work"].value': 'a@x.example' } }],
    expected: { ...BARE, emails: [{ type: 'work', value: 'a@x.example' }] },
  },
  {
    name: 'strict: a dotted key in a pathless value',
    options: STRICT,
    operations: [{ op: 'replace', value: { 'name.givenName': 'Augusta' } }],
    error: bad(
      'invalidPath',
      "Operations[0] (replace): The key 'name.givenName' of a pathless value is a path",
    ),
  },
  {
    name: 'strict: a URN-qualified key in a pathless value',
    options: STRICT,
    operations: [{ op: 'replace', value: { [`${ENT}:department`]: 'Ops' } }],
    error: bad('invalidPath', `The key '${ENT}:department' of a pathless value is a path`),
  },
  {
    name: 'strict: an extension under its URN key is canonical SCIM JSON',
    options: STRICT,
    operations: [{ op: 'replace', value: { [ENT]: { department: 'Ops' }, displayName: 'Ada' } }],
    expected: { ...BASE, displayName: 'Ada', [ENT]: { ...ENTERPRISE, department: 'Ops' } },
  },
  {
    name: 'pathless keys are case-insensitive',
    operations: [{ op: 'replace', value: { DisplayName: 'Ada', ACTIVE: false } }],
    expected: { ...BASE, displayName: 'Ada', active: false },
  },
  {
    name: 'unknown keys in a pathless value are ignored',
    operations: [{ op: 'replace', value: { shoeSize: 9, 'x-ms-extra': 'y' } }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'a dotted key under an unknown attribute is ignored',
    operations: [{ op: 'replace', value: { 'shoe.size': 9 } }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'an unknown schema URN key is ignored',
    operations: [
      { op: 'replace', value: { 'urn:example:params:scim:schemas:extension:Custom:1.0:User': { a: 1 } } },
    ],
    expected: BASE,
    changed: false,
  },
  {
    name: 'schemas, meta and groups in a pathless value are ignored',
    operations: [
      {
        op: 'replace',
        value: {
          schemas: [CORE],
          meta: { resourceType: 'User', version: 'W/"99"' },
          groups: [],
          displayName: 'Ada',
        },
      },
    ],
    expected: { ...BASE, displayName: 'Ada' },
  },
  {
    name: 'Okta: {"id": <same id>, "displayName": …} renames',
    operations: [{ op: 'replace', value: { id: ID, displayName: 'Ada King' } }],
    expected: { ...BASE, displayName: 'Ada King' },
  },
  {
    name: 'Okta: the same id and the same name is a no-op',
    operations: [{ op: 'replace', value: { id: ID, displayName: 'Ada Lovelace' } }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'a pathless value that changes the id',
    operations: [{ op: 'replace', value: { id: 'other-id', displayName: 'Ada' } }],
    error: bad('mutability', "Operations[0] (replace): 'id' is readOnly and cannot be changed"),
  },
  {
    name: 'pathless add appends to a multi-valued attribute',
    operations: [{ op: 'add', value: { emails: [{ value: 'x@x.example', type: 'other' }] } }],
    expected: { ...BASE, emails: [...EMAILS, { value: 'x@x.example', type: 'other' }] },
  },
  {
    name: 'pathless replace replaces a multi-valued attribute',
    operations: [{ op: 'replace', value: { roles: [{ value: 'admin' }] } }],
    expected: { ...BASE, roles: [{ value: 'admin' }] },
  },
  {
    name: 'pathless replace merges a complex attribute',
    operations: [{ op: 'replace', value: { name: { givenName: 'Augusta' } } }],
    expected: { ...BASE, name: { ...NAME, givenName: 'Augusta' } },
  },
  {
    name: "Entra's explicit nulls in a pathless replace clear the attributes",
    operations: [{ op: 'Replace', value: { addresses: null, [ENT]: { manager: null }, roles: [] } }],
    expected: { ...without(BASE, 'addresses', 'roles'), [ENT]: { employeeNumber: '42', department: 'R&D' } },
  },
  {
    name: "Entra's meta {resourceType} in a pathless value is ignored",
    operations: [{ op: 'Replace', value: { meta: { resourceType: 'User' }, title: 'Countess' } }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'pathless replace with null clears an attribute',
    operations: [{ op: 'replace', value: { title: null } }],
    expected: without(BASE, 'title'),
  },
  {
    name: 'pathless add with null adds nothing',
    operations: [{ op: 'add', value: { title: null, nickName: 'Ada' } }],
    expected: { ...BASE, nickName: 'Ada' },
  },
  {
    name: 'pathless replace of userName with null',
    operations: [{ op: 'replace', value: { userName: null } }],
    error: bad('mutability', "'userName' is required and cannot be removed"),
  },
  {
    name: 'pathless manager as a bare id under its URN key',
    resource: BARE,
    operations: [{ op: 'Replace', value: { [`${ENT}:manager`]: 'mgr-9' } }],
    expected: { ...BARE, [ENT]: { manager: { value: 'mgr-9' } } },
  },
  {
    name: 'pathless manager inside the extension object',
    resource: BARE,
    operations: [{ op: 'add', value: { [ENT]: { manager: [{ value: 'mgr-9' }] } } }],
    expected: { ...BARE, [ENT]: { manager: { value: 'mgr-9' } } },
  },
  {
    name: 'the base schema under its URN key in a pathless value',
    operations: [{ op: 'replace', value: { [CORE]: { displayName: 'Ada', [ENT]: { department: 'x' } } } }],
    // A schema key inside a schema key is not read (it would nest without end).
    expected: { ...BASE, displayName: 'Ada' },
  },
  {
    name: 'a whole extension path with a dotted key inside',
    operations: [{ op: 'replace', path: ENT, value: { 'manager.value': 'mgr-5' } }],
    expected: { ...BASE, [ENT]: { ...ENTERPRISE, manager: { ...MANAGER, value: 'mgr-5' } } },
  },
  {
    name: 'pathless value type errors name the attribute',
    operations: [{ op: 'replace', value: { active: 'maybe' } }],
    error: bad('invalidValue', "Operations[0] (replace): Attribute 'active' must be a boolean"),
  },
  {
    name: 'a pathless value that is not an object',
    operations: [{ op: 'replace', value: 'Ada' }],
    error: bad('invalidValue', "Operations[0] (replace): A 'replace' without a path needs an object"),
  },
  {
    name: 'a pathless value that is a list',
    operations: [{ op: 'add', value: [{ active: false }] }],
    error: bad('invalidValue', "A 'add' without a path needs an object"),
  },
];

const READ_ONLY: Case[] = [
  {
    name: 'replace id with its current value is accepted',
    operations: [{ op: 'replace', path: 'id', value: ID }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'replace id with another value',
    operations: [{ op: 'replace', path: 'id', value: 'other' }],
    error: bad('mutability', "Operations[0] (replace id): 'id' is readOnly and cannot be changed"),
  },
  {
    name: 'remove id',
    operations: [{ op: 'remove', path: 'id' }],
    error: bad('mutability', "'id' is readOnly and cannot be changed"),
  },
  {
    name: 'replace meta.version',
    operations: [{ op: 'replace', path: 'meta.version', value: 'W/"9"' }],
    error: bad('mutability', "'meta.version' is readOnly and cannot be changed"),
  },
  {
    name: 'replace meta as a whole',
    operations: [{ op: 'replace', path: 'meta', value: { version: 'W/"9"' } }],
    error: bad('mutability', "'meta' is readOnly and cannot be changed"),
  },
  {
    name: 'replace meta.lastModified with the same instant in another form is no change',
    operations: [{ op: 'replace', path: 'meta.lastModified', value: '2026-02-01T01:00:00+01:00' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'replace name.formatted',
    operations: [{ op: 'replace', path: 'name.formatted', value: 'A. Lovelace' }],
    error: bad(
      'mutability',
      "Operations[0] (replace name.formatted): 'name.formatted' is readOnly and cannot be changed",
    ),
  },
  {
    name: 'replace name.formatted with its current value',
    operations: [{ op: 'replace', path: 'name.formatted', value: 'Ada Lovelace' }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'remove name.formatted',
    operations: [{ op: 'remove', path: 'name.formatted' }],
    error: bad('mutability', "'name.formatted' is readOnly"),
  },
  {
    name: 'add to groups',
    resource: WITH_GROUPS,
    operations: [{ op: 'add', path: 'groups', value: [{ value: 'g-2' }] }],
    error: bad('mutability', "'groups' is readOnly and cannot be changed"),
  },
  {
    name: 'replace groups with what it is',
    resource: WITH_GROUPS,
    operations: [{ op: 'replace', path: 'groups', value: [GROUP] }],
    expected: WITH_GROUPS,
    changed: false,
  },
  {
    name: 'remove a group by filter',
    resource: WITH_GROUPS,
    operations: [{ op: 'remove', path: 'groups[value eq "g-1"]' }],
    error: bad('mutability', `'groups[value eq "g-1"]' is readOnly and cannot be changed`),
  },
  {
    name: 'replace a readOnly sub-attribute of a group',
    resource: WITH_GROUPS,
    operations: [{ op: 'replace', path: 'groups[value eq "g-1"].display', value: 'Root' }],
    error: bad('mutability', `'groups[value eq "g-1"].display' is readOnly and cannot be changed`),
  },
  {
    name: "replace the manager's readOnly $ref",
    operations: [{ op: 'replace', path: `${ENT}:manager.$ref`, value: 'https://elsewhere/x' }],
    error: bad('mutability', `'${ENT}:manager.$ref' is readOnly and cannot be changed`),
  },
];

const WRITE_ONLY_AND_ROLES: Case[] = [
  {
    name: 'replace the writeOnly password: kept in the result for the service to hash',
    operations: [{ op: 'replace', path: 'password', value: 'S3cret!pw' }],
    expected: { ...BASE, password: 'S3cret!pw' },
  },
  {
    name: 'add a password (Okta sends one with every user)',
    resource: BARE,
    operations: [{ op: 'add', path: 'password', value: 'S3cret!pw' }],
    expected: { ...BARE, password: 'S3cret!pw' },
  },
  {
    name: 'a pathless password',
    resource: BARE,
    operations: [{ op: 'replace', value: { password: 'S3cret!pw' } }],
    expected: { ...BARE, password: 'S3cret!pw' },
  },
  {
    name: 'a password that is not a string',
    operations: [{ op: 'replace', path: 'password', value: 12345678 }],
    error: bad('invalidValue', "Attribute 'password' must be a string"),
  },
  {
    name: 'Entra: app roles as JSON inside a string are kept as the string',
    resource: BARE,
    operations: [
      {
        op: 'Add',
        path: 'roles',
        value: [
          { value: '{"id":"7ab53bd7-5c1c-4c0a-a6a5-83a5b3c6a7d1","value":"Admin","displayName":"Admin"}' },
        ],
      },
    ],
    expected: {
      ...BARE,
      roles: [
        { value: '{"id":"7ab53bd7-5c1c-4c0a-a6a5-83a5b3c6a7d1","value":"Admin","displayName":"Admin"}' },
      ],
    },
  },
  {
    name: 'Entra: app roles as JSON inside a string, verbatim from IDP-COMPAT.md',
    resource: BARE,
    operations: [{ op: 'Add', path: 'roles', value: [{ value: '{"id":"…","value":"Admin"}' }] }],
    expected: { ...BARE, roles: [{ value: '{"id":"…","value":"Admin"}' }] },
  },
  {
    name: "Entra's member add shape ({$ref: null, value}) on roles",
    resource: BARE,
    operations: [{ op: 'Add', path: 'roles', value: [{ $ref: null, value: '<id>' }] }],
    expected: { ...BARE, roles: [{ value: '<id>' }] },
  },
  {
    name: "Okta's membership change shape (remove by filter, then add with display) on roles",
    operations: [
      { op: 'remove', path: 'roles[value eq "reader"]' },
      { op: 'add', path: 'roles', value: [{ value: 'writer', display: 'Writer' }] },
    ],
    expected: { ...BASE, roles: [{ value: 'writer', display: 'Writer' }] },
  },
  {
    name: 'members is a Group attribute, unknown on a User',
    operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: '<id>' }] }],
    error: bad('invalidPath', "Operations[0] (Add members): Unknown attribute 'members'"),
  },
  {
    name: 'Entra: the same app role again is not duplicated',
    resource: { ...BARE, roles: [{ value: '{"id":"r1","value":"Admin"}' }] },
    operations: [{ op: 'Add', path: 'roles', value: [{ value: '{"id":"r1","value":"Admin"}' }] }],
    expected: { ...BARE, roles: [{ value: '{"id":"r1","value":"Admin"}' }] },
    changed: false,
  },
  {
    name: 'a role value that is JSON, not a string',
    resource: BARE,
    operations: [{ op: 'Add', path: 'roles', value: [{ value: { id: 'r1' } }] }],
    error: bad('invalidValue', "Attribute 'roles[0].value' must be a string"),
  },
];

const REMOVE_BY_VALUE: Case[] = [
  {
    name: "Entra's member-style removal with a value list, on emails",
    operations: [{ op: 'Remove', path: 'emails', value: [{ value: 'ada@home.example' }] }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'remove by value matches case-insensitively where the value is not caseExact',
    operations: [{ op: 'Remove', path: 'emails', value: [{ value: 'ADA@HOME.EXAMPLE' }] }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'remove by value of every element removes the attribute',
    operations: [
      { op: 'remove', path: 'emails', value: [{ value: 'ada@home.example' }, { value: 'ada@example.com' }] },
    ],
    expected: without(BASE, 'emails'),
  },
  {
    name: 'remove by value with one element, not a list',
    operations: [{ op: 'remove', path: 'roles', value: { value: 'reader' } }],
    expected: without(BASE, 'roles'),
  },
  {
    name: 'remove by value that matches nothing is a no-op',
    operations: [{ op: 'Remove', path: 'emails', value: [{ value: 'nobody@x.example' }] }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'remove by value ignores the other sub-attributes listed',
    operations: [
      { op: 'Remove', path: 'emails', value: [{ value: 'ada@home.example', type: 'work', display: 'x' }] },
    ],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
  {
    name: 'remove by value needs a value in each listed element',
    operations: [{ op: 'Remove', path: 'emails', value: [{ type: 'home' }] }],
    error: bad(
      'invalidValue',
      "Operations[0] (Remove emails): Each element listed to remove from 'emails' needs a 'value'",
    ),
  },
  {
    name: 'strict: remove by value still works (it is not a switchable tolerance)',
    options: STRICT,
    operations: [{ op: 'remove', path: 'emails', value: [{ value: 'ada@home.example' }] }],
    expected: { ...BASE, emails: [WORK_EMAIL] },
  },
];

/** `JSON.parse` makes `__proto__` an own key, as a request body does. */
const json = (text: string): unknown => JSON.parse(text);

const PROTOTYPE_POLLUTION: Case[] = [
  {
    name: 'path __proto__',
    operations: [{ op: 'add', path: '__proto__', value: { polluted: 'yes' } }],
    error: bad('invalidPath', "'__proto__' is not allowed as an attribute name"),
  },
  {
    name: 'path __proto__.polluted',
    operations: [{ op: 'replace', path: '__proto__.polluted', value: 'yes' }],
    error: bad('invalidPath', "Operations[0] (replace __proto__.polluted): '__proto__' is not allowed"),
  },
  {
    name: 'path constructor.prototype',
    operations: [{ op: 'add', path: 'constructor.prototype', value: { polluted: 'yes' } }],
    error: bad('invalidPath', "'constructor' is not allowed as an attribute name"),
  },
  {
    name: 'path constructor.prototype.polluted',
    operations: [{ op: 'replace', path: 'constructor.prototype.polluted', value: 'yes' }],
    error: bad('invalidPath', "'constructor' is not allowed as an attribute name"),
  },
  {
    name: 'path toString.x (the bypass of the first scim-patch fix)',
    operations: [{ op: 'replace', path: 'toString.x', value: 'yes' }],
    error: bad('invalidPath', "Unknown attribute 'toString'"),
  },
  {
    name: 'path name.constructor',
    operations: [{ op: 'replace', path: 'name.constructor', value: 'yes' }],
    error: bad('invalidPath', "'constructor' is not allowed as an attribute name"),
  },
  {
    name: 'path hasOwnProperty',
    operations: [{ op: 'replace', path: 'hasOwnProperty', value: 'yes' }],
    error: bad('invalidPath', "Unknown attribute 'hasOwnProperty'"),
  },
  {
    name: 'path with __proto__ in a filter',
    operations: [{ op: 'remove', path: 'emails[__proto__ eq "x"]' }],
    error: bad('invalidPath', "'__proto__' is not allowed as an attribute name"),
  },
  {
    name: 'path with prototype after a filter',
    operations: [{ op: 'replace', path: 'emails[type eq "work"].prototype', value: 'x' }],
    error: bad('invalidPath', "'prototype' is not allowed as an attribute name"),
  },
  {
    name: 'path with __proto__ after an extension URN',
    operations: [{ op: 'replace', path: `${ENT}:__proto__`, value: { polluted: 'yes' } }],
    error: bad('invalidPath', "'__proto__' is not allowed as an attribute name"),
  },
  {
    name: 'key __proto__ in a pathless value',
    operations: [{ op: 'replace', value: json('{"__proto__":{"polluted":"yes"}}') }],
    error: bad('invalidPath', "Operations[0] (replace): '__proto__' is not allowed as a key"),
  },
  {
    name: 'key constructor.prototype nested in a pathless value',
    operations: [{ op: 'replace', value: json('{"constructor":{"prototype":{"polluted":"yes"}}}') }],
    error: bad('invalidPath', "'constructor' is not allowed as a key"),
  },
  {
    name: 'dotted key __proto__.polluted in a pathless value',
    operations: [{ op: 'replace', value: json('{"__proto__.polluted":"yes"}') }],
    error: bad('invalidPath', "'__proto__' is not allowed as an attribute name"),
  },
  {
    name: 'dotted key constructor.prototype.polluted in a pathless value',
    operations: [{ op: 'add', value: json('{"constructor.prototype.polluted":"yes"}') }],
    error: bad('invalidPath', "'constructor' is not allowed as an attribute name"),
  },
  {
    name: 'strict: dotted key __proto__.polluted is refused as a path',
    options: STRICT,
    operations: [{ op: 'replace', value: json('{"__proto__.polluted":"yes"}') }],
    error: bad('invalidPath', "'__proto__.polluted' of a pathless value is a path"),
  },
  {
    name: 'key toString.x in a pathless value is an unknown attribute, ignored',
    operations: [{ op: 'replace', value: json('{"toString.x":"yes","toString":{"x":"yes"}}') }],
    expected: BASE,
    changed: false,
  },
  {
    name: 'key __proto__ inside a complex value',
    operations: [
      { op: 'replace', path: 'name', value: json('{"givenName":"A","__proto__":{"polluted":"yes"}}') },
    ],
    error: bad('invalidPath', "Operations[0] (replace name): '__proto__' is not allowed as a key"),
  },
  {
    name: 'key __proto__ inside an element of a list',
    operations: [
      { op: 'add', path: 'emails', value: json('[{"value":"a@x.example","__proto__":{"polluted":"yes"}}]') },
    ],
    error: bad('invalidPath', "'__proto__' is not allowed as a key"),
  },
  {
    name: 'key prototype deep inside an unknown attribute',
    operations: [{ op: 'replace', value: json('{"shoe":{"size":[{"prototype":{"polluted":"yes"}}]}}') }],
    error: bad('invalidPath', "'prototype' is not allowed as a key"),
  },
  {
    name: 'key __proto__ in a remove value',
    operations: [
      { op: 'remove', path: 'emails', value: json('[{"value":"x","__proto__":{"polluted":"yes"}}]') },
    ],
    error: bad('invalidPath', "'__proto__' is not allowed as a key"),
  },
  {
    name: 'key CONSTRUCTOR in any case',
    operations: [{ op: 'replace', value: json('{"CONSTRUCTOR":{"prototype":{"polluted":"yes"}}}') }],
    error: bad('invalidPath', "'CONSTRUCTOR' is not allowed as a key"),
  },
];

const CASES: Case[] = [
  ...OPS_AND_ENVELOPE,
  ...SINGULAR,
  ...BOOLEANS,
  ...MULTI_VALUED,
  ...FILTERED,
  ...CREATE_ON_FILTER,
  ...ENTERPRISE_CASES,
  ...PATHLESS,
  ...READ_ONLY,
  ...WRITE_ONLY_AND_ROLES,
  ...REMOVE_BY_VALUE,
  ...PROTOTYPE_POLLUTION,
];

// ---------------------------------------------------------------------------------------------------------
// A stand-in for the nevisIDM extension (USER-SCHEMA.md §3), to show that a schema plugs in through the
// registry: filtered paths at two levels, complex attributes inside elements, properties with spaces.

const NEVIS: SchemaDef = {
  id: X,
  name: 'NevisUser',
  description: 'Test double of the nevisIDM User extension',
  attributes: [
    attr('state', 'The nevisIDM state'),
    complex('loginInfo', 'Login information', [
      attr('lastLogin', 'Last successful login', { type: 'dateTime' }),
      attr('successCount', 'Successful logins', { type: 'integer' }),
    ]),
    complex(
      'credentials',
      'Credentials',
      [
        attr('extId', 'External id', { caseExact: true, mutability: 'immutable' }),
        attr('type', 'Credential type'),
        attr('state', 'Credential state'),
        attr('attempts', 'Failed attempts', { type: 'integer' }),
        attr('password', 'A new password', { mutability: 'writeOnly', returned: 'never' }),
        complex('loginInfo', 'Login information of the credential', [
          attr('lastLogin', 'Last successful login', { type: 'dateTime' }),
        ]),
      ],
      { multiValued: true },
    ),
    complex(
      'profiles',
      'Profiles',
      [
        attr('extId', 'External id', { caseExact: true }),
        attr('unitExtId', 'Unit'),
        complex(
          'authorizations',
          'Authorizations',
          [
            attr('extId', 'External id', { caseExact: true }),
            attr('role', 'Role name'),
            attr('primary', 'Primary', { type: 'boolean' }),
          ],
          { multiValued: true },
        ),
      ],
      { multiValued: true },
    ),
    complex('properties', 'Custom properties', [
      attr('costCenter', 'Cost center'),
      attr('cost center', 'Spaced'),
    ]),
  ],
};
const nevisRegistry = new SchemaRegistry(
  [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, NEVIS],
  [
    {
      ...USER_RESOURCE_TYPE,
      schemaExtensions: [...USER_RESOURCE_TYPE.schemaExtensions, { schema: X, required: false }],
    },
  ],
);

const C1 = {
  extId: 'c1',
  type: 'PASSWORD',
  state: 'active',
  attempts: 0,
  loginInfo: { lastLogin: '2026-01-10T08:00:00.000Z' },
};
const C2 = { extId: 'c2', type: 'OTP', state: 'active', attempts: 3 };
const A1 = { extId: 'a1', role: 'reader', primary: true };
const A2 = { extId: 'a2', role: 'writer' };
const P1 = { extId: 'p1', unitExtId: 'u1', authorizations: [A1, A2] };
const NEVIS_EXT = { state: 'active', credentials: [C1, C2], profiles: [P1] };
const NEVIS_USER: ScimResource = { ...BARE, [X]: NEVIS_EXT };

const NEVIS_CASES: Case[] = [
  {
    name: 'nevisIDM: credential state by filter',
    operations: [{ op: 'replace', path: `${X}:credentials[extId eq "c1"].state`, value: 'disabled' }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [{ ...C1, state: 'disabled' }, C2] } },
  },
  {
    name: "nevisIDM: the [extId='c2'] selector",
    operations: [{ op: 'replace', path: `${X}:credentials[extId='c2'].state`, value: 'locked' }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C1, { ...C2, state: 'locked' }] } },
  },
  {
    name: 'nevisIDM: extId is caseExact in filters',
    operations: [{ op: 'remove', path: `${X}:credentials[extId eq "C1"]` }],
    expected: NEVIS_USER,
    changed: false,
  },
  {
    name: 'nevisIDM: a credential password (writeOnly) by filter',
    operations: [{ op: 'replace', path: `${X}:credentials[extId eq "c1"].password`, value: 'N3w!pass' }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [{ ...C1, password: 'N3w!pass' }, C2] } },
  },
  {
    name: 'nevisIDM: add a credential',
    operations: [{ op: 'add', path: `${X}:credentials`, value: { extId: 'c3', type: 'CERT' } }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C1, C2, { extId: 'c3', type: 'CERT' }] } },
  },
  {
    name: 'nevisIDM: remove a credential by extId',
    operations: [{ op: 'remove', path: `${X}:credentials[extId eq "c2"]` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C1] } },
  },
  {
    name: 'nevisIDM: an immutable extId cannot change',
    operations: [{ op: 'replace', path: `${X}:credentials[extId eq "c1"].extId`, value: 'c9' }],
    error: bad('mutability', `'${X}:credentials[extId eq "c1"].extId' is immutable and already has a value`),
  },
  {
    name: 'nevisIDM: a complex attribute inside an element (credential loginInfo)',
    operations: [
      {
        op: 'replace',
        path: `${X}:credentials[extId eq "c1"].loginInfo.lastLogin`,
        value: '2026-03-01T10:00:00.1234567Z',
      },
    ],
    expected: {
      ...NEVIS_USER,
      [X]: {
        ...NEVIS_EXT,
        credentials: [{ ...C1, loginInfo: { lastLogin: '2026-03-01T10:00:00.123Z' } }, C2],
      },
    },
  },
  {
    name: 'nevisIDM: a filter through a complex sub-attribute, by date',
    operations: [
      {
        op: 'replace',
        path: `${X}:credentials[loginInfo.lastLogin gt "2026-01-01T00:00:00Z"].state`,
        value: 'x',
      },
    ],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [{ ...C1, state: 'x' }, C2] } },
  },
  {
    name: 'filter ge on an integer',
    operations: [{ op: 'remove', path: `${X}:credentials[attempts ge 3]` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C1] } },
  },
  {
    name: 'filter lt on an integer',
    operations: [{ op: 'remove', path: `${X}:credentials[attempts lt 1]` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C2] } },
  },
  {
    name: 'filter le and eq on integers',
    operations: [{ op: 'remove', path: `${X}:credentials[attempts le 3 and not (attempts eq 0)]` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C1] } },
  },
  {
    name: 'filter gt on an integer against a string matches nothing',
    operations: [{ op: 'remove', path: `${X}:credentials[attempts gt "1"]` }],
    expected: NEVIS_USER,
    changed: false,
  },
  {
    name: 'filter co on an integer',
    operations: [{ op: 'remove', path: `${X}:credentials[attempts co 1]` }],
    error: bad('invalidPath', "'co' is not defined for the integer attribute 'attempts'"),
  },
  {
    name: 'filter le on a date compares instants, not text',
    operations: [
      { op: 'remove', path: `${X}:credentials[loginInfo.lastLogin le "2026-01-10T09:00:00+01:00"]` },
    ],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C2] } },
  },
  {
    name: 'filter on a complex sub-attribute without its sub-attribute',
    operations: [{ op: 'remove', path: `${X}:credentials[loginInfo eq "x"]` }],
    error: bad('invalidPath', "'loginInfo' is complex; compare one of its sub-attributes"),
  },
  {
    name: 'filter pr on a complex sub-attribute',
    operations: [{ op: 'remove', path: `${X}:credentials[loginInfo pr]` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C2] } },
  },
  {
    name: 'filter eq null selects elements without the sub-attribute',
    operations: [
      { op: 'replace', path: `${X}:credentials[loginInfo.lastLogin eq null].state`, value: 'new' },
    ],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, credentials: [C1, { ...C2, state: 'new' }] } },
  },
  {
    name: 'nevisIDM: user loginInfo on a user without it',
    operations: [{ op: 'add', path: `${X}:loginInfo.successCount`, value: 3 }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, loginInfo: { successCount: 3 } } },
  },
  {
    name: 'nevisIDM: an integer of the wrong type',
    operations: [{ op: 'add', path: `${X}:loginInfo.successCount`, value: '3' }],
    error: bad('invalidValue', `Attribute '${X}:loginInfo.successCount' must be an integer`),
  },
  {
    name: 'nevisIDM: an authorization inside a profile (two filtered levels)',
    operations: [
      {
        op: 'replace',
        path: `${X}:profiles[extId eq "p1"].authorizations[extId eq "a2"].role`,
        value: 'admin',
      },
    ],
    expected: {
      ...NEVIS_USER,
      [X]: { ...NEVIS_EXT, profiles: [{ ...P1, authorizations: [A1, { ...A2, role: 'admin' }] }] },
    },
  },
  {
    name: 'nevisIDM: add an authorization to a profile',
    operations: [
      {
        op: 'add',
        path: `${X}:profiles[extId='p1'].authorizations`,
        value: [{ extId: 'a3', role: 'auditor' }],
      },
    ],
    expected: {
      ...NEVIS_USER,
      [X]: {
        ...NEVIS_EXT,
        profiles: [{ ...P1, authorizations: [A1, A2, { extId: 'a3', role: 'auditor' }] }],
      },
    },
  },
  {
    name: 'nevisIDM: remove an authorization from a profile',
    operations: [{ op: 'remove', path: `${X}:profiles[extId eq "p1"].authorizations[extId eq "a1"]` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, profiles: [{ ...P1, authorizations: [A2] }] } },
  },
  {
    name: 'nevisIDM: primary is per list, also at the second level',
    operations: [
      {
        op: 'replace',
        path: `${X}:profiles[extId eq "p1"].authorizations[extId eq "a2"].primary`,
        value: true,
      },
    ],
    expected: {
      ...NEVIS_USER,
      [X]: {
        ...NEVIS_EXT,
        profiles: [
          {
            ...P1,
            authorizations: [
              { extId: 'a1', role: 'reader' },
              { ...A2, primary: true },
            ],
          },
        ],
      },
    },
  },
  {
    name: 'nevisIDM: a missing profile and authorization are created from the filters',
    resource: BARE,
    operations: [
      { op: 'add', path: `${X}:profiles[extId eq "p9"].authorizations[extId eq "a9"].role`, value: 'r' },
    ],
    expected: { ...BARE, [X]: { profiles: [{ extId: 'p9', authorizations: [{ extId: 'a9', role: 'r' }] }] } },
  },
  {
    name: 'nevisIDM strict: a missing authorization is noTarget',
    options: STRICT,
    operations: [
      { op: 'replace', path: `${X}:profiles[extId eq "p1"].authorizations[extId eq "a9"].role`, value: 'r' },
    ],
    error: bad('noTarget', `No element matches '${X}:profiles[extId eq "p1"].authorizations[extId eq "a9"]'`),
  },
  {
    name: 'nevisIDM: a filter on an attribute that is not multi-valued complex',
    operations: [{ op: 'replace', path: `${X}:credentials[extId eq "c1"].state[value eq "x"]`, value: 'y' }],
    error: bad(
      'invalidPath',
      `'${X}:credentials[extId eq "c1"].state' is not a multi-valued complex attribute`,
    ),
  },
  {
    name: 'nevisIDM: a filter on a singular complex attribute',
    operations: [{ op: 'replace', path: `${X}:loginInfo[successCount gt 1].successCount`, value: 2 }],
    error: bad('invalidPath', `'${X}:loginInfo' is not a multi-valued complex attribute`),
  },
  {
    name: 'nevisIDM: an unknown attribute at the second level',
    operations: [{ op: 'replace', path: `${X}:profiles[extId eq "p1"].roles[extId eq "a1"]`, value: {} }],
    error: bad('invalidPath', `Unknown attribute '${X}:profiles[extId eq "p1"].roles'`),
  },
  {
    name: 'nevisIDM: a custom property whose name has a space',
    operations: [{ op: 'add', path: `${X}:properties.cost center`, value: 'CC-1' }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, properties: { 'cost center': 'CC-1' } } },
  },
  {
    name: 'nevisIDM: remove a profile unit across every profile',
    operations: [{ op: 'remove', path: `${X}:profiles.unitExtId` }],
    expected: { ...NEVIS_USER, [X]: { ...NEVIS_EXT, profiles: [{ extId: 'p1', authorizations: [A1, A2] }] } },
  },
];

// ---------------------------------------------------------------------------------------------------------

function run(c: Case, reg: SchemaRegistry, fallback: ScimResource) {
  const resource = deepFreeze(c.resource ?? fallback);
  const options = c.options ?? COMPAT;
  const apply = () => applyPatch(reg, 'User', resource, c.operations as PatchOperation[], options);
  if (c.error) {
    let thrown: unknown;
    try {
      apply();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScimError);
    const error = thrown as ScimError;
    expect({ status: error.status, scimType: error.scimType }).toEqual({
      status: c.error.status,
      scimType: c.error.scimType,
    });
    expect(error.detail).toMatch(/^Operations\[\d+\]/);
    expect(error.detail).toContain(c.error.detail);
    return;
  }
  const result = apply();
  expect(result.resource).toStrictEqual(c.expected);
  expect(result.changed).toBe(c.changed ?? !isDeepStrictEqual(c.expected, resource));
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.prototype.toString.call([])).toBe('[object Array]');
});

describe('applyPatch', () => {
  it('has at least 120 table cases', () => {
    expect(CASES.length + NEVIS_CASES.length).toBeGreaterThanOrEqual(120);
  });

  it.each(CASES)('$name', (c) => run(c, registry, BASE));

  describe('with a plugged-in extension schema', () => {
    it.each(NEVIS_CASES)('$name', (c) => run(c, nevisRegistry, NEVIS_USER));
  });

  it('never changes its input and shares no object with it', () => {
    const input = structuredClone(BASE);
    const snapshot = structuredClone(input);
    const { resource } = applyPatch(
      registry,
      'User',
      input,
      [
        { op: 'replace', path: 'name.givenName', value: 'Augusta' },
        { op: 'add', path: 'emails', value: { value: 'x@x.example', primary: true } },
        { op: 'remove', path: `${ENT}:manager` },
      ],
      COMPAT,
    );
    expect(input).toStrictEqual(snapshot);
    const inputObjects = new Set<unknown>();
    const collect = (v: unknown, into: Set<unknown>) => {
      if (typeof v !== 'object' || v === null) return;
      into.add(v);
      for (const item of Object.values(v)) collect(item, into);
    };
    collect(input, inputObjects);
    const outputObjects = new Set<unknown>();
    collect(resource, outputObjects);
    for (const o of outputObjects) expect(inputObjects.has(o)).toBe(false);
  });

  it('returns an unchanged copy, not the input, for a no-op', () => {
    const result = applyPatch(
      registry,
      'User',
      BASE,
      [{ op: 'Replace', path: 'active', value: 'True' }],
      COMPAT,
    );
    expect(result.changed).toBe(false);
    expect(result.resource).not.toBe(BASE);
    expect(result.resource).toStrictEqual(BASE);
  });

  it('treats keys that are undefined in the input as absent', () => {
    const input = { ...BARE, externalId: undefined, nickName: undefined };
    const result = applyPatch(registry, 'User', input, [{ op: 'remove', path: 'nickName' }], COMPAT);
    expect(result).toStrictEqual({ resource: BARE, changed: false });
  });

  it('never writes to an object prototype, whatever the request', () => {
    const attempts: unknown[] = [
      { op: 'add', path: '__proto__', value: { polluted: 'yes' } },
      { op: 'replace', path: 'constructor.prototype.polluted', value: 'yes' },
      { op: 'replace', path: 'toString.x', value: 'yes' },
      { op: 'replace', value: json('{"__proto__":{"polluted":"yes"}}') },
      { op: 'replace', value: json('{"constructor":{"prototype":{"polluted":"yes"}}}') },
      { op: 'add', value: json('{"toString.x":"yes"}') },
      { op: 'add', path: 'emails', value: json('{"value":"a@x","__proto__":{"polluted":"yes"}}') },
      { op: 'add', path: 'emails[type eq "work"].value', value: json('{"__proto__":{"polluted":"yes"}}') },
    ];
    for (const operation of attempts) {
      for (const options of [COMPAT, STRICT]) {
        try {
          applyPatch(registry, 'User', BASE, [operation as PatchOperation], options);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
      }
    }
  });

  it('reads its input through own properties only', () => {
    // A resource whose prototype has attributes must not see them as values.
    const proto = { displayName: 'inherited', emails: [{ value: 'inherited@x.example' }] };
    const input = Object.assign(Object.create(proto) as ScimResource, BARE);
    const result = applyPatch(registry, 'User', input, [{ op: 'remove', path: 'emails[value pr]' }], COMPAT);
    expect(result).toStrictEqual({ resource: BARE, changed: false });
  });

  it('survives a deeply nested hostile value without overflowing the stack', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 200_000; i++) value = [value];
    const result = applyPatch(registry, 'User', BARE, [{ op: 'replace', value: { shoe: value } }], COMPAT);
    expect(result.changed).toBe(false);
  });

  it('does not recurse through schema keys nested in schema keys', () => {
    let value: Record<string, unknown> = { displayName: 'deep' };
    for (let i = 0; i < 100_000; i++) value = { [i % 2 === 0 ? CORE : `${CORE.toUpperCase()}`]: value };
    const result = applyPatch(registry, 'User', BARE, [{ op: 'replace', value }], COMPAT);
    expect(result.changed).toBe(false);
  });

  it('echoes at most 200 characters of a long path in the error', () => {
    const path = `a${'b'.repeat(5000)}`;
    expect(() => applyPatch(registry, 'User', BARE, [{ op: 'replace', path, value: 'x' }], COMPAT)).toThrow(
      /^Operations\[0\] \(replace ab{199}…\): The path is 5001 characters long/,
    );
  });
});
