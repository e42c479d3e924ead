import { ScimError } from '../errors/scim-error';
import { mulberry32, sexpr } from '../filter/filter.testing';
import { MAX_PATCH_PATH_LENGTH, parsePatchPath, PatchPath } from './path.parser';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** The nevisIDM extension prefix, `X` in PATCH-AND-BULK.md §1.1. */
const X = 'urn:nevis:idm:scim:schemas:v1:extension:User';

/** `{uri}seg.seg[(filter)]`: the path's shape without positions. */
function shape(path: PatchPath): string {
  const segments = path.segments.map((s) => (s.filter ? `${s.attr}[${sexpr(s.filter)}]` : s.attr)).join('.');
  return path.uri === undefined ? segments : `{${path.uri}}${segments}`;
}

function attempt(path: string): PatchPath | ScimError {
  try {
    return parsePatchPath(path);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
}

const VALID: { path: string; expected: string }[] = [
  // RFC 7644 §3.10 forms
  { path: 'userName', expected: 'userName' },
  { path: 'name.givenName', expected: 'name.givenName' },
  { path: 'name.familyName', expected: 'name.familyName' },
  { path: 'Name.GivenName', expected: 'Name.GivenName' },
  { path: 'active', expected: 'active' },
  { path: 'roles', expected: 'roles' },
  { path: 'emails', expected: 'emails' },
  { path: 'phoneNumbers', expected: 'phoneNumbers' },
  { path: 'addresses', expected: 'addresses' },
  { path: 'members', expected: 'members' },
  { path: 'meta.lastModified', expected: 'meta.lastModified' },
  { path: 'manager.$ref', expected: 'manager.$ref' },
  { path: 'x-ms_attr1', expected: 'x-ms_attr1' },
  { path: 'addresses[type eq "work"]', expected: 'addresses[(eq type "work")]' },
  { path: 'addresses[type eq "work"].locality', expected: 'addresses[(eq type "work")].locality' },
  { path: 'emails[type eq "work"].value', expected: 'emails[(eq type "work")].value' },
  { path: 'emails[type eq "other"].Value', expected: 'emails[(eq type "other")].Value' },
  { path: 'phoneNumbers[type eq "mobile"].value', expected: 'phoneNumbers[(eq type "mobile")].value' },
  { path: 'addresses[type eq "work"].postalCode', expected: 'addresses[(eq type "work")].postalCode' },
  { path: 'addresses[type eq "other"].Formatted', expected: 'addresses[(eq type "other")].Formatted' },
  { path: 'members[value eq "x"]', expected: 'members[(eq value "x")]' },
  { path: 'members[value eq "<id>"]', expected: 'members[(eq value "<id>")]' },
  {
    path: 'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    expected: 'members[(eq value "2819c223-7f76-453a-919d-413861904646")]',
  },
  {
    path: 'emails[type eq "work" and value co "@example.com"]',
    expected: 'emails[(and (eq type "work") (co value "@example.com"))]',
  },
  { path: 'emails[primary eq true].display', expected: 'emails[(eq primary true)].display' },
  { path: 'emails[not (type eq "work")]', expected: 'emails[(not (eq type "work"))]' },
  {
    path: 'emails[type eq "a" or (type eq "b" and primary pr)]',
    expected: 'emails[(or (eq type "a") (and (eq type "b") (pr primary)))]',
  },
  { path: 'Emails[Type EQ "work"].VALUE', expected: 'Emails[(eq Type "work")].VALUE' },
  {
    path: 'members[$ref eq "https://example.com/Users/1"]',
    expected: 'members[(eq $ref "https://example.com/Users/1")]',
  },
  { path: 'emails[value eq "DOMAIN\\dave"]', expected: 'emails[(eq value "DOMAIN\\\\dave")]' },
  { path: 'emails[value eq "a]b[c"].type', expected: 'emails[(eq value "a]b[c")].type' },
  // schema URNs: the dot of 2.0 is not a separator; a bare URN is the whole extension
  { path: `${ENTERPRISE}:department`, expected: `{${ENTERPRISE}}department` },
  { path: `${ENTERPRISE}:employeeNumber`, expected: `{${ENTERPRISE}}employeeNumber` },
  { path: `${ENTERPRISE}:manager`, expected: `{${ENTERPRISE}}manager` },
  { path: `${ENTERPRISE}:manager.value`, expected: `{${ENTERPRISE}}manager.value` },
  { path: `${CORE}:name.familyName`, expected: `{${CORE}}name.familyName` },
  { path: `${CORE}:emails[type eq "work"].value`, expected: `{${CORE}}emails[(eq type "work")].value` },
  { path: ENTERPRISE, expected: `{${ENTERPRISE}}` },
  { path: ENTERPRISE.toUpperCase(), expected: `{${ENTERPRISE.toUpperCase()}}` },
  { path: X, expected: `{${X}}` },
  // nevisIDM targets (PATCH-AND-BULK.md §1.1), with the extension prefix X
  { path: `${X}:state`, expected: `{${X}}state` },
  { path: `${X}:remarks`, expected: `{${X}}remarks` },
  { path: `${X}:credentials`, expected: `{${X}}credentials` },
  { path: `${X}:credentials[extId eq "c1"]`, expected: `{${X}}credentials[(eq extId "c1")]` },
  { path: `${X}:credentials[extId eq "c1"].state`, expected: `{${X}}credentials[(eq extId "c1")].state` },
  {
    path: `${X}:credentials[extId eq "c1"].password`,
    expected: `{${X}}credentials[(eq extId "c1")].password`,
  },
  { path: `${X}:credentials[extId eq "pw-1"].state`, expected: `{${X}}credentials[(eq extId "pw-1")].state` },
  {
    path: `${X}:credentials[extId eq "c1"].loginInfo`,
    expected: `{${X}}credentials[(eq extId "c1")].loginInfo`,
  },
  {
    path: `${X}:credentials[extId eq "c1"].loginInfo.lastLogin`,
    expected: `{${X}}credentials[(eq extId "c1")].loginInfo.lastLogin`,
  },
  {
    path: 'credentials[extId eq "c1"].loginInfo.lastLogin',
    expected: 'credentials[(eq extId "c1")].loginInfo.lastLogin',
  },
  { path: `${X}:profiles`, expected: `{${X}}profiles` },
  { path: `${X}:profiles[extId eq "p1"]`, expected: `{${X}}profiles[(eq extId "p1")]` },
  { path: `${X}:profiles[extId eq "p1"].unitExtId`, expected: `{${X}}profiles[(eq extId "p1")].unitExtId` },
  {
    path: `${X}:profiles[extId eq "p1"].authorizations`,
    expected: `{${X}}profiles[(eq extId "p1")].authorizations`,
  },
  {
    path: `${X}:profiles[extId eq "p1"].authorizations[extId eq "a1"]`,
    expected: `{${X}}profiles[(eq extId "p1")].authorizations[(eq extId "a1")]`,
  },
  {
    path: 'profiles[extId eq "p1"].authorizations[extId eq "a1"].role',
    expected: 'profiles[(eq extId "p1")].authorizations[(eq extId "a1")].role',
  },
  {
    path: `${X}:profiles[extId eq "p1"].authorizations[extId eq "a1"].dataRoom.units`,
    expected: `{${X}}profiles[(eq extId "p1")].authorizations[(eq extId "a1")].dataRoom.units`,
  },
  { path: `${X}:loginInfo`, expected: `{${X}}loginInfo` },
  { path: `${X}:loginInfo.lastLogin`, expected: `{${X}}loginInfo.lastLogin` },
  { path: `${X}:properties`, expected: `{${X}}properties` },
  { path: `${X}:properties.costCenter`, expected: `{${X}}properties.costCenter` },
  // nevisIDM's selector form
  { path: "credentials[extId='pw-1']", expected: 'credentials[(eq extId "pw-1")]' },
  { path: `${X}:credentials[extId='pw-1'].state`, expected: `{${X}}credentials[(eq extId "pw-1")].state` },
  { path: 'credentials[extId="pw-1"]', expected: 'credentials[(eq extId "pw-1")]' },
  {
    path: "profiles[extId='p1'].authorizations[extId='a1']",
    expected: 'profiles[(eq extId "p1")].authorizations[(eq extId "a1")]',
  },
  { path: "credentials[extId='']", expected: 'credentials[(eq extId "")]' },
  { path: "credentials[extId='a b]\"c']", expected: 'credentials[(eq extId "a b]\\"c")]' },
  // custom properties (USER-SCHEMA.md §3.4)
  { path: 'properties.cost center', expected: 'properties.cost center' },
  { path: `${X}:properties.cost center`, expected: `{${X}}properties.cost center` },
  { path: 'Properties.a b c-d e_f', expected: 'Properties.a b c-d e_f' },
  {
    path: 'credentials[extId eq "c1"].properties.my prop',
    expected: 'credentials[(eq extId "c1")].properties.my prop',
  },
];

const INVALID: { path: string; error: string }[] = [
  { path: '', error: 'Unexpected end of path at column 1: expected an attribute name' },
  { path: ' userName', error: "Expected an attribute name at column 1, found ' '" },
  { path: 'userName ', error: "Expected '.', '[' or end of path at column 9, found ' '" },
  { path: 'name.', error: 'Unexpected end of path at column 6: expected an attribute name' },
  { path: '.name', error: "Expected an attribute name at column 1, found '.'" },
  { path: 'name..givenName', error: "Expected an attribute name at column 6, found '.'" },
  { path: '1name', error: "Invalid attribute name '1name'" },
  { path: 'na me', error: "Expected '.', '[' or end of path at column 3, found ' '" },
  { path: 'name/givenName', error: "Expected '.', '[' or end of path at column 5, found '/'" },
  { path: 'a.b.c.d.e', error: 'A path has at most 4 segments at column 9' },
  { path: 'emails[', error: "Unexpected end of path at column 8: expected an attribute path, '(' or 'not'" },
  {
    path: 'emails[type eq "work"',
    error: "Unexpected end of path at column 22: expected ']'",
  },
  { path: 'emails[type eq "work"]]', error: "Expected '.' or end of path at column 23, found ']'" },
  {
    path: 'emails[type eq "work"][value eq "x"]',
    error: "Expected '.' or end of path at column 23, found '['",
  },
  { path: 'emails[type eq "work"]value', error: "Expected '.' or end of path at column 23, found 'v'" },
  { path: 'emails[]', error: "Expected an attribute path, '(' or 'not' at column 8, found ']'" },
  { path: 'emails[type]', error: "Expected a comparison operator at column 12, found ']'" },
  {
    path: 'emails[type eq]',
    error: 'Expected a value (a JSON string, number, true, false or null) at column 15',
  },
  { path: 'emails[type eq "x" garbage]', error: "Expected 'and', 'or' or ']' at column 20, found 'garbage'" },
  { path: 'emails[type[x eq 1]]', error: "A '[' is not allowed inside '[ … ]' at column 12" },
  { path: `emails[${CORE}:type eq "x"]`, error: "A schema URN is not allowed inside '[ … ]' at column 8" },
  { path: 'emails[type eq "x]', error: 'Unterminated string starting at column 16' },
  { path: "credentials[extId='pw-1]", error: 'Unterminated string starting at column 19' },
  { path: "credentials[extId='pw-1'", error: "Unexpected end of path at column 25: expected ']'" },
  { path: 'credentials[extId=pw-1]', error: "Expected a quoted value at column 19, found 'p'" },
  { path: "credentials[extId='a' and x='b']", error: "Expected ']' at column 22, found ' '" },
  {
    path: "credentials[constructor='x']",
    error: "'constructor' is not allowed as an attribute name at column 13",
  },
  { path: "credentials[extId = 'pw-1']", error: "Expected a comparison operator at column 19, found '='" },
  { path: 'credentials[PASSWORD]', error: "Expected a comparison operator at column 21, found ']'" },
  // prototype pollution (SECURITY.md; PATCH-AND-BULK.md §1.2)
  { path: '__proto__', error: "'__proto__' is not allowed as an attribute name at column 1" },
  { path: '__proto__.polluted', error: "'__proto__' is not allowed as an attribute name at column 1" },
  { path: 'constructor.prototype', error: "'constructor' is not allowed as an attribute name at column 1" },
  { path: 'name.constructor', error: "'constructor' is not allowed as an attribute name at column 6" },
  {
    path: 'emails[type eq "x"].prototype',
    error: "'prototype' is not allowed as an attribute name at column 21",
  },
  { path: 'emails[__proto__ eq "x"]', error: "'__proto__' is not allowed as an attribute name at column 8" },
  { path: `${X}:PROTOTYPE`, error: "'PROTOTYPE' is not allowed as an attribute name at column 46" },
  { path: 'urn:x:constructor:name', error: "'constructor' is not allowed in a schema URN at column 7" },
  { path: 'properties.a __proto__', error: "'__proto__' is not allowed in a property name at column 14" },
  { path: 'properties.__proto__', error: "'__proto__' is not allowed as an attribute name at column 12" },
  // URNs
  { path: 'foo:bar', error: "Invalid schema URN 'foo' at column 1" },
  { path: 'urn:a::b:c', error: "Invalid schema URN 'urn:a::b' at column 1" },
  { path: `${ENTERPRISE}:`, error: 'Unexpected end of path at column 60: expected an attribute name' },
  {
    path: `${ENTERPRISE}:department.`,
    error: 'Unexpected end of path at column 71: expected an attribute name',
  },
  // property names
  {
    path: 'properties.cost  center',
    error: 'Words of a property name must be separated by a single space at column 16',
  },
  {
    path: 'properties.cost center ',
    error: 'Words of a property name must be separated by a single space at column 23',
  },
  {
    path: 'properties.cost center.x',
    error: "Expected end of path after the property name at column 23, found '.'",
  },
  {
    path: 'properties.cost c#nter',
    error: "Expected end of path after the property name at column 18, found '#'",
  },
  { path: 'properties.', error: 'Unexpected end of path at column 12: expected a property name' },
  { path: 'properties. cost', error: "Expected a property name at column 12, found ' '" },
];

describe('parsePatchPath', () => {
  it('has enough cases', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(50);
    expect(INVALID.length).toBeGreaterThanOrEqual(30);
  });

  it.each(VALID)('parses $path', ({ path, expected }) => {
    const parsed = parsePatchPath(path);
    expect(shape(parsed)).toBe(expected);
    expect(parsed.text).toBe(path);
  });

  it.each(INVALID)('refuses $path', ({ path, error }) => {
    const result = attempt(path);
    expect(result).toBeInstanceOf(ScimError);
    const scimError = result as ScimError;
    expect(scimError.status).toBe(400);
    expect(scimError.scimType).toBe('invalidPath');
    expect(scimError.detail).toContain(error);
  });

  it('gives the whole tree with positions relative to the path', () => {
    expect(parsePatchPath(`${X}:credentials[extId eq "c1"].state`)).toEqual({
      uri: X,
      text: `${X}:credentials[extId eq "c1"].state`,
      segments: [
        {
          attr: 'credentials',
          filter: {
            kind: 'compare',
            op: 'eq',
            path: { attr: 'extId', text: 'extId', pos: 57 },
            value: 'c1',
            pos: 57,
          },
        },
        { attr: 'state' },
      ],
    });
    expect(parsePatchPath("credentials[extId='pw-1']")).toEqual({
      text: "credentials[extId='pw-1']",
      segments: [
        {
          attr: 'credentials',
          filter: {
            kind: 'compare',
            op: 'eq',
            path: { attr: 'extId', text: 'extId', pos: 12 },
            value: 'pw-1',
            pos: 12,
          },
        },
      ],
    });
  });

  it('reads a bare URN only for the schemas it is told about', () => {
    expect(parsePatchPath(`${X}`, [])).toEqual({
      uri: 'urn:nevis:idm:scim:schemas:v1:extension',
      segments: [{ attr: 'User' }],
      text: X,
    });
    expect(parsePatchPath('urn:example:schemas:Custom', ['urn:example:schemas:Custom']).segments).toEqual([]);
  });

  it('refuses a path over 1024 characters, and one with more than 4 segments', () => {
    const long = `a${'b'.repeat(MAX_PATCH_PATH_LENGTH)}`;
    expect(() => parsePatchPath(long)).toThrow(
      'The path is 1025 characters long, more than the limit of 1024',
    );
    expect(() => parsePatchPath('b'.repeat(MAX_PATCH_PATH_LENGTH))).not.toThrow();
    expect(() => parsePatchPath('a[x pr].b[y pr].c.d')).not.toThrow();
    expect(() => parsePatchPath('a[x pr].b[y pr].c.d.e')).toThrow('at most 4 segments');
  });

  it('refuses what is not a string', () => {
    expect(() => parsePatchPath(['a', 'b'] as unknown as string)).toThrow('The path must be a string');
  });

  it('never throws anything but invalidPath on mutated paths', () => {
    const random = mulberry32(0x9a7b);
    const chars = ['[', ']', '.', ':', "'", '"', ' ', '=', 'a', '_', '\\', '\uD800', '😀'];
    for (let n = 0; n < 3000; n++) {
      let path = VALID[Math.floor(random() * VALID.length)].path;
      const i = Math.floor(random() * (path.length + 1));
      path =
        random() < 0.5
          ? path.slice(0, i) + chars[Math.floor(random() * chars.length)] + path.slice(i)
          : path.slice(0, i) + path.slice(i + 1);
      const result = attempt(path);
      if (result instanceof ScimError) expect(result.scimType).toBe('invalidPath');
      else expect(result.text).toBe(path);
    }
  });
});
