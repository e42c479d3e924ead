import { ScimError } from '../errors/scim-error';
import { FilterNode } from './filter.ast';
import { formatFilter } from './filter.formatter';
import { DEFAULT_FILTER_LIMITS, parseFilter } from './filter.parser';
import { mulberry32, sexpr } from './filter.testing';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const NEVIS = 'urn:nevis:idm:scim:schemas:v1:extension:User';

/** Parses, or returns the ScimError (failing the test on any other kind of exception). */
function attempt(filter: string): FilterNode | ScimError {
  try {
    return parseFilter(filter);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
}

function expectRoundTrip(tree: FilterNode): void {
  const canonical = formatFilter(tree);
  const again = parseFilter(canonical);
  expect(sexpr(again)).toBe(sexpr(tree));
  expect(formatFilter(again)).toBe(canonical);
}

// `expected` is the tree as an s-expression (see filter.testing.ts): operators, `{uri}attr.sub` paths, and
// values in JSON so that 1, "1", true and null are told apart.
const VALID: { filter: string; expected: string }[] = [
  // RFC 7644 §3.4.2.2 examples
  { filter: 'userName eq "bjensen"', expected: '(eq userName "bjensen")' },
  { filter: `name.familyName co "O'Malley"`, expected: `(co name.familyName "O'Malley")` },
  { filter: 'userName sw "J"', expected: '(sw userName "J")' },
  { filter: `${CORE}:userName sw "J"`, expected: `(sw {${CORE}}userName "J")` },
  { filter: 'title pr', expected: '(pr title)' },
  {
    filter: 'meta.lastModified gt "2011-05-13T04:42:34Z"',
    expected: '(gt meta.lastModified "2011-05-13T04:42:34Z")',
  },
  {
    filter: 'meta.lastModified ge "2011-05-13T04:42:34Z"',
    expected: '(ge meta.lastModified "2011-05-13T04:42:34Z")',
  },
  {
    filter: 'meta.lastModified lt "2011-05-13T04:42:34Z"',
    expected: '(lt meta.lastModified "2011-05-13T04:42:34Z")',
  },
  {
    filter: 'meta.lastModified le "2011-05-13T04:42:34Z"',
    expected: '(le meta.lastModified "2011-05-13T04:42:34Z")',
  },
  { filter: 'title pr and userType eq "Employee"', expected: '(and (pr title) (eq userType "Employee"))' },
  { filter: 'title pr or userType eq "Intern"', expected: '(or (pr title) (eq userType "Intern"))' },
  { filter: `schemas eq "${ENTERPRISE}"`, expected: `(eq schemas "${ENTERPRISE}")` },
  {
    filter: 'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    expected: '(and (eq userType "Employee") (or (co emails "example.com") (co emails.value "example.org")))',
  },
  {
    filter: 'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    expected:
      '(and (ne userType "Employee") (not (or (co emails "example.com") (co emails.value "example.org"))))',
  },
  {
    filter: 'userType eq "Employee" and (emails.type eq "work")',
    expected: '(and (eq userType "Employee") (eq emails.type "work"))',
  },
  {
    filter: 'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    expected: '(and (eq userType "Employee") (vp emails (and (eq type "work") (co value "@example.com"))))',
  },
  {
    filter:
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    expected:
      '(or (vp emails (and (eq type "work") (co value "@example.com"))) (vp ims (and (eq type "xmpp") (co value "@foo.com"))))',
  },
  // every operator, any case
  { filter: 'a eq "x"', expected: '(eq a "x")' },
  { filter: 'a ne "x"', expected: '(ne a "x")' },
  { filter: 'a co "x"', expected: '(co a "x")' },
  { filter: 'a sw "x"', expected: '(sw a "x")' },
  { filter: 'a ew "x"', expected: '(ew a "x")' },
  { filter: 'a gt 5', expected: '(gt a 5)' },
  { filter: 'a ge 5', expected: '(ge a 5)' },
  { filter: 'a lt 5', expected: '(lt a 5)' },
  { filter: 'a le 5', expected: '(le a 5)' },
  { filter: 'a pr', expected: '(pr a)' },
  { filter: 'userName EQ "x"', expected: '(eq userName "x")' },
  { filter: 'a Ne "x"', expected: '(ne a "x")' },
  { filter: 'a CO "x"', expected: '(co a "x")' },
  { filter: 'a sW "x"', expected: '(sw a "x")' },
  { filter: 'a EW "x"', expected: '(ew a "x")' },
  {
    filter: 'a GT 1 AND b Ge 2 oR c LT 3 And d lE 4',
    expected: '(or (and (gt a 1) (ge b 2)) (and (lt c 3) (le d 4)))',
  },
  { filter: 'a PR', expected: '(pr a)' },
  // precedence, grouping, not
  { filter: 'a eq 1 or b eq 2 and c eq 3', expected: '(or (eq a 1) (and (eq b 2) (eq c 3)))' },
  { filter: 'a eq 1 and b eq 2 or c eq 3', expected: '(or (and (eq a 1) (eq b 2)) (eq c 3))' },
  { filter: '(a eq 1 or b eq 2) and c eq 3', expected: '(and (or (eq a 1) (eq b 2)) (eq c 3))' },
  { filter: 'a eq 1 and b eq 2 and c eq 3', expected: '(and (and (eq a 1) (eq b 2)) (eq c 3))' },
  { filter: 'a eq 1 or b eq 2 or c eq 3', expected: '(or (or (eq a 1) (eq b 2)) (eq c 3))' },
  { filter: 'a eq 1 and (b eq 2 and c eq 3)', expected: '(and (eq a 1) (and (eq b 2) (eq c 3)))' },
  { filter: 'a eq 1 or (b eq 2 or c eq 3)', expected: '(or (eq a 1) (or (eq b 2) (eq c 3)))' },
  { filter: 'not (a eq 1)', expected: '(not (eq a 1))' },
  { filter: 'NOT (a eq 1)', expected: '(not (eq a 1))' },
  { filter: 'not(a eq 1)', expected: '(not (eq a 1))' },
  { filter: 'not (not (a pr))', expected: '(not (not (pr a)))' },
  { filter: '((((a eq 1))))', expected: '(eq a 1)' },
  { filter: '(a eq 1) and ((b eq 2) or (c eq 3))', expected: '(and (eq a 1) (or (eq b 2) (eq c 3)))' },
  { filter: 'not (a eq 1) and b eq 2', expected: '(and (not (eq a 1)) (eq b 2))' },
  {
    filter: 'a eq 1 or not (b eq 2 or c eq 3) and d pr',
    expected: '(or (eq a 1) (and (not (or (eq b 2) (eq c 3))) (pr d)))',
  },
  { filter: '(a pr)or(b pr)', expected: '(or (pr a) (pr b))' },
  // case of names is kept; values keep their type
  { filter: 'ActiVe eq true', expected: '(eq ActiVe true)' },
  { filter: 'active eq FALSE', expected: '(eq active false)' },
  { filter: 'active eq True', expected: '(eq active true)' },
  { filter: 'manager eq null', expected: '(eq manager null)' },
  { filter: 'manager ne NULL', expected: '(ne manager null)' },
  { filter: 'a eq "true"', expected: '(eq a "true")' },
  { filter: 'a eq "1"', expected: '(eq a "1")' },
  {
    filter: 'meta.lastmodified ge "2021-09-23T19:35:41.8420572Z"',
    expected: '(ge meta.lastmodified "2021-09-23T19:35:41.8420572Z")',
  },
  // numbers (JSON, RFC 8259 §6)
  { filter: 'a eq 0', expected: '(eq a 0)' },
  { filter: 'a eq -1', expected: '(eq a -1)' },
  { filter: 'a eq -0', expected: '(eq a 0)' },
  { filter: 'a eq 3.14', expected: '(eq a 3.14)' },
  { filter: 'a gt -0.5', expected: '(gt a -0.5)' },
  { filter: 'a eq 1e3', expected: '(eq a 1000)' },
  { filter: 'a eq 1E-2', expected: '(eq a 0.01)' },
  { filter: 'a le 2.5e+10', expected: '(le a 25000000000)' },
  { filter: 'a eq 9007199254740991', expected: '(eq a 9007199254740991)' },
  { filter: 'a eq -9007199254740991', expected: '(eq a -9007199254740991)' },
  // strings (JSON, RFC 8259 §7) and the DOMAIN\user tolerance
  { filter: 'a eq ""', expected: '(eq a "")' },
  { filter: 'a eq "   "', expected: '(eq a "   ")' },
  { filter: 'userName eq "DOMAIN\\dave"', expected: '(eq userName "DOMAIN\\\\dave")' },
  { filter: 'a eq "C:\\Users\\x"', expected: '(eq a "C:\\\\Users\\\\x")' },
  { filter: 'a eq "say \\"hi\\""', expected: '(eq a "say \\"hi\\"")' },
  { filter: 'a eq "back\\\\slash"', expected: '(eq a "back\\\\slash")' },
  { filter: 'a eq "a\\/b"', expected: '(eq a "a/b")' },
  { filter: 'a eq "\\b\\f\\n\\r\\t"', expected: '(eq a "\\b\\f\\n\\r\\t")' },
  { filter: 'a eq "caf\\u00e9"', expected: '(eq a "café")' },
  { filter: 'a eq "caf\\u00E9"', expected: '(eq a "café")' },
  { filter: 'a eq "\\uD83D\\uDE00"', expected: '(eq a "😀")' },
  { filter: 'a eq "\\u12"', expected: '(eq a "\\\\u12")' },
  { filter: 'a eq "😀 𝄞 ok"', expected: '(eq a "😀 𝄞 ok")' },
  { filter: 'displayName eq "日本語"', expected: '(eq displayName "日本語")' },
  { filter: 'a eq "(not) [really] and or pr"', expected: '(eq a "(not) [really] and or pr")' },
  // injection-looking values are only strings
  { filter: `userName eq "' OR 1=1 --"`, expected: `(eq userName "' OR 1=1 --")` },
  {
    filter: 'userName eq "x\\"; DROP TABLE users; --"',
    expected: '(eq userName "x\\"; DROP TABLE users; --")',
  },
  {
    filter: `displayName eq "Robert'); DROP TABLE Students;--"`,
    expected: `(eq displayName "Robert'); DROP TABLE Students;--")`,
  },
  { filter: 'userName co "%_\\\\"', expected: '(co userName "%_\\\\")' },
  { filter: 'userName sw "*"', expected: '(sw userName "*")' },
  // URN-qualified paths
  { filter: `${ENTERPRISE}:department eq "R&D"`, expected: `(eq {${ENTERPRISE}}department "R&D")` },
  { filter: `${CORE}:name.familyName eq "x"`, expected: `(eq {${CORE}}name.familyName "x")` },
  {
    filter: `${NEVIS}:credentials.type eq "PASSWORD"`,
    expected: `(eq {${NEVIS}}credentials.type "PASSWORD")`,
  },
  { filter: `${ENTERPRISE}:manager.value eq "123"`, expected: `(eq {${ENTERPRISE}}manager.value "123")` },
  {
    filter: 'URN:IETF:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr',
    expected: '(pr {URN:IETF:params:scim:schemas:extension:enterprise:2.0:User}employeeNumber)',
  },
  { filter: `${NEVIS}:state eq "active"`, expected: `(eq {${NEVIS}}state "active")` },
  {
    filter: `${NEVIS}:credentials[type eq "PASSWORD" and state eq "active"]`,
    expected: `(vp {${NEVIS}}credentials (and (eq type "PASSWORD") (eq state "active")))`,
  },
  {
    filter: `${NEVIS}:profiles[unitExtId eq "u1" and authorizations.role eq "app.admin"]`,
    expected: `(vp {${NEVIS}}profiles (and (eq unitExtId "u1") (eq authorizations.role "app.admin")))`,
  },
  // value paths
  { filter: 'emails[type eq "work"]', expected: '(vp emails (eq type "work"))' },
  { filter: 'emails[not (type eq "work")]', expected: '(vp emails (not (eq type "work")))' },
  {
    filter: 'emails[(type eq "work" or type eq "home") and primary eq true]',
    expected: '(vp emails (and (or (eq type "work") (eq type "home")) (eq primary true)))',
  },
  {
    filter: 'emails[type eq "work"].value eq "a@b.c"',
    expected: '(vp emails (and (eq type "work") (eq value "a@b.c")))',
  },
  { filter: 'emails[type eq "work"].value pr', expected: '(vp emails (and (eq type "work") (pr value)))' },
  {
    filter: 'emails[type eq "work" or type eq "home"].value ew "@x.com"',
    expected: '(vp emails (and (or (eq type "work") (eq type "home")) (ew value "@x.com")))',
  },
  {
    filter: 'emails[type eq "work"].value eq "a" and userName pr',
    expected: '(and (vp emails (and (eq type "work") (eq value "a"))) (pr userName))',
  },
  {
    filter: 'Emails[Type EQ "work"].Value Eq "x"',
    expected: '(vp Emails (and (eq Type "work") (eq Value "x")))',
  },
  {
    filter: 'addresses[type eq "work" and postalCode sw "80"]',
    expected: '(vp addresses (and (eq type "work") (sw postalCode "80")))',
  },
  { filter: 'not (emails[type eq "work"])', expected: '(not (vp emails (eq type "work")))' },
  // $ref and name characters
  {
    filter: 'members[$ref eq "https://example.com/v2/Users/1"]',
    expected: '(vp members (eq $ref "https://example.com/v2/Users/1"))',
  },
  { filter: 'manager.$ref pr', expected: '(pr manager.$ref)' },
  { filter: 'members[type eq "User"].$ref pr', expected: '(vp members (and (eq type "User") (pr $ref)))' },
  { filter: 'x-ms_attr1 eq 1', expected: '(eq x-ms_attr1 1)' },
  // custom properties with spaces (USER-SCHEMA.md §3.4)
  { filter: 'properties.cost center eq "x"', expected: '(eq properties.cost center "x")' },
  { filter: `${NEVIS}:properties.cost center eq "x"`, expected: `(eq {${NEVIS}}properties.cost center "x")` },
  { filter: 'properties.costCenter eq "x"', expected: '(eq properties.costCenter "x")' },
  { filter: 'PROPERTIES.cost center PR', expected: '(pr PROPERTIES.cost center)' },
  {
    filter: 'properties.a b c sw "x" and properties.d pr',
    expected: '(and (sw properties.a b c "x") (pr properties.d))',
  },
  {
    filter: '(properties.cost center eq "x" or userName eq "y")',
    expected: '(or (eq properties.cost center "x") (eq userName "y"))',
  },
  { filter: 'properties.is null ne null', expected: '(ne properties.is null null)' },
  { filter: 'properties.cost center   eq "x"', expected: '(eq properties.cost center "x")' },
  {
    filter: 'credentials[properties.my prop eq "x"]',
    expected: '(vp credentials (eq properties.my prop "x"))',
  },
  // whitespace (Entra sends spaces unencoded)
  { filter: '  userName   eq   "x"  ', expected: '(eq userName "x")' },
  { filter: 'userName\teq\t"x"', expected: '(eq userName "x")' },
  { filter: 'a eq "x"and b pr', expected: '(and (eq a "x") (pr b))' },
  { filter: '( a eq 1 )', expected: '(eq a 1)' },
  // Entra ID and Okta, verbatim (IDP-COMPAT.md)
  { filter: 'userName eq "<random GUID>"', expected: '(eq userName "<random GUID>")' },
  {
    filter: 'userName eq "0e2b4c8a-5f6d-4c1b-9a4e-7d3f2e1c0b9a"',
    expected: '(eq userName "0e2b4c8a-5f6d-4c1b-9a4e-7d3f2e1c0b9a")',
  },
  {
    filter: 'externalId eq "f6d4c2b0-8a1e-4f3d-b5c7-9e0a2d4f6b8c"',
    expected: '(eq externalId "f6d4c2b0-8a1e-4f3d-b5c7-9e0a2d4f6b8c")',
  },
  {
    filter: 'id eq "2819c223-7f76-453a-919d-413861904646"',
    expected: '(eq id "2819c223-7f76-453a-919d-413861904646")',
  },
  {
    filter: 'emails[type eq "work"].value eq "Test_User_0a1b@contoso.com"',
    expected: '(vp emails (and (eq type "work") (eq value "Test_User_0a1b@contoso.com")))',
  },
  { filter: 'displayName eq "Group1DisplayName"', expected: '(eq displayName "Group1DisplayName")' },
  {
    filter: 'externalId eq "e1" and userName eq "u1@contoso.com"',
    expected: '(and (eq externalId "e1") (eq userName "u1@contoso.com"))',
  },
  { filter: 'userName eq "x@y"', expected: '(eq userName "x@y")' },
  { filter: 'userName eq "UPPERCASE@X"', expected: '(eq userName "UPPERCASE@X")' },
  { filter: 'members[value eq "<id>"]', expected: '(vp members (eq value "<id>"))' },
];

// `error` is a substring of the ScimError detail; each names the column (1-based, in code points).
const INVALID: { filter: string; error: string }[] = [
  // empty and incomplete
  { filter: '', error: "Unexpected end of filter at column 1: expected an attribute path, '(' or 'not'" },
  { filter: '   ', error: "Unexpected end of filter at column 4: expected an attribute path, '(' or 'not'" },
  { filter: 'userName', error: 'Unexpected end of filter at column 9: expected a comparison operator' },
  { filter: 'userName eq', error: 'Unexpected end of filter at column 12: expected a value' },
  {
    filter: 'userName eq "x" and',
    error: "Unexpected end of filter at column 20: expected an attribute path, '(' or 'not'",
  },
  {
    filter: 'userName eq "x" or',
    error: 'Unexpected end of filter at column 19: expected an attribute path',
  },
  { filter: 'a eq 1 and b ne', error: 'Unexpected end of filter at column 16: expected a value' },
  { filter: 'not', error: "Unexpected end of filter at column 4: expected '(' after 'not'" },
  // operators and values
  { filter: 'userName "x"', error: `Expected a comparison operator at column 10, found '"x"'` },
  { filter: 'a equals 1', error: "Expected a comparison operator at column 3, found 'equals'" },
  { filter: 'a = 1', error: "Expected a comparison operator at column 3, found '='" },
  { filter: 'a like "x%"', error: "Expected a comparison operator at column 3, found 'like'" },
  { filter: 'emails [type eq "work"]', error: "Expected a comparison operator at column 8, found '['" },
  {
    filter: 'a eq and b eq 1',
    error: "Expected a value (a JSON string, number, true, false or null) at column 6, found 'and'",
  },
  { filter: 'a eq bareword', error: "at column 6, found 'bareword'" },
  { filter: "a eq 'single'", error: "at column 6, found ''single''" },
  {
    filter: 'a eq .5',
    error: "Expected a value (a JSON string, number, true, false or null) at column 6, found '.5'",
  },
  { filter: 'a eq +1', error: "at column 6, found '+1'" },
  { filter: 'a eq Infinity', error: "at column 6, found 'Infinity'" },
  { filter: 'a eq NaN', error: "at column 6, found 'NaN'" },
  { filter: 'a eq True1', error: "at column 6, found 'True1'" },
  { filter: 'a eq (1)', error: "at column 6, found '('" },
  { filter: 'a pr "x"', error: "Unexpected value after 'pr' ('pr' takes no value) at column 6" },
  { filter: 'a pr 1', error: "'pr' takes no value) at column 6" },
  { filter: 'a PR true', error: "'pr' takes no value) at column 6" },
  { filter: 'a eq 01', error: "Invalid number '01' at column 6" },
  { filter: 'a eq 1.', error: "Invalid number '1.' at column 6" },
  { filter: 'a eq 1e', error: "Invalid number '1e' at column 6" },
  { filter: 'a eq -', error: "Invalid number '-' at column 6" },
  { filter: 'a eq 1x', error: "Invalid number '1x' at column 6" },
  { filter: 'a eq -1.5e+', error: "Invalid number '-1.5e+' at column 6" },
  { filter: 'a eq 1and b pr', error: "Invalid number '1and' at column 6" },
  { filter: 'a eq 1e999', error: "Number '1e999' is out of range at column 6" },
  { filter: 'a eq 12345678901234567890', error: "Number '12345678901234567890' is out of range at column 6" },
  // strings
  { filter: 'userName eq "x', error: 'Unterminated string starting at column 13' },
  { filter: 'userName eq "x\\"', error: 'Unterminated string starting at column 13' },
  { filter: 'a eq "DOMAIN\\', error: 'Unterminated string starting at column 6' },
  { filter: 'a eq "\\uD800"', error: 'Invalid string: unpaired UTF-16 surrogate at column 7' },
  { filter: 'a eq "\\uDC00x"', error: 'unpaired UTF-16 surrogate at column 7' },
  { filter: 'a eq "\\uD83Dx"', error: 'unpaired UTF-16 surrogate at column 7' },
  { filter: 'a eq "x\uD800"', error: 'unpaired UTF-16 surrogate at column 8' },
  // trailing garbage and unbalanced groups
  {
    filter: 'userName eq "x" xor b eq 1',
    error: "Expected 'and', 'or' or end of filter at column 17, found 'xor'",
  },
  { filter: 'userName eq "x" "y"', error: `Expected 'and', 'or' or end of filter at column 17, found '"y"'` },
  { filter: 'a eq "x"y', error: "Expected 'and', 'or' or end of filter at column 9, found 'y'" },
  { filter: 'a eq 1 andb eq 2', error: "found 'andb'" },
  { filter: 'a eq "x" (', error: "Expected 'and', 'or' or end of filter at column 10, found '('" },
  { filter: 'userName eq "x")', error: "Unbalanced ')' at column 16" },
  { filter: 'userName eq "x"]', error: "Unbalanced ']' at column 16" },
  { filter: '(userName eq "x"', error: "Unexpected end of filter at column 17: expected ')'" },
  { filter: '((a eq 1)', error: "Unexpected end of filter at column 10: expected ')'" },
  {
    filter: 'a eq 1 and (b eq 2',
    error: "Unexpected end of filter at column 19: expected ')'",
  },
  { filter: '(a eq 1]', error: "Expected 'and', 'or' or ')' at column 8, found ']'" },
  { filter: '()', error: "Expected an attribute path, '(' or 'not' at column 2, found ')'" },
  { filter: '[a eq 1]', error: "Expected an attribute path, '(' or 'not' at column 1, found '['" },
  { filter: 'a eq "😀😀" b', error: "Expected 'and', 'or' or end of filter at column 11, found 'b'" },
  { filter: 'a eq 1\n', error: "Invalid number '1\\u000a' at column 6" },
  // keywords where a path belongs; not without parentheses
  {
    filter: 'userName eq "x" and and b eq 1',
    error: "Expected an attribute path, '(' or 'not' at column 21, found 'and'",
  },
  { filter: 'eq eq 1', error: "Expected an attribute path, '(' or 'not' at column 1, found 'eq'" },
  { filter: 'or pr', error: "at column 1, found 'or'" },
  { filter: 'a eq 1 and not b eq 2', error: "Expected '(' after 'not' at column 16, found 'b'" },
  { filter: 'not a eq 1', error: "Expected '(' after 'not' at column 5, found 'a'" },
  // value paths
  {
    filter: 'emails[type eq "work"',
    error: "Unexpected end of filter at column 22: expected ']'",
  },
  { filter: 'emails[type eq "work")', error: "Expected 'and', 'or' or ']' at column 22, found ')'" },
  { filter: 'emails[]', error: "Expected an attribute path, '(' or 'not' at column 8, found ']'" },
  { filter: 'emails[type[value eq 1]]', error: "A '[' is not allowed inside '[ … ]' at column 12" },
  {
    filter: 'name.givenName[x eq 1]',
    error: "A '[' must follow an attribute without a sub-attribute, not 'name.givenName' at column 15",
  },
  {
    filter: 'emails[type eq "work"].value',
    error: 'Unexpected end of filter at column 29: expected a comparison operator',
  },
  {
    filter: 'emails[type eq "work"].value "x"',
    error: `Expected a comparison operator at column 30, found '"x"'`,
  },
  { filter: 'emails[type eq "work"]. eq 1', error: 'Expected an attribute name at column 24' },
  { filter: 'emails[type eq "work"].value.x eq 1', error: "Invalid attribute name 'value.x'" },
  {
    filter: 'emails[type eq "work"]value eq 1',
    error: "Expected 'and', 'or' or end of filter at column 23, found 'value'",
  },
  { filter: 'emails[type eq "a"].value eq "x"].foo', error: "Unbalanced ']' at column 33" },
  { filter: `emails[${CORE}:type eq "x"]`, error: "A schema URN is not allowed inside '[ … ]' at column 8" },
  // attribute names and URNs (RFC 7644 §3.4.2.2 ATTRNAME; SECURITY.md "Prototype pollution")
  { filter: '__proto__ eq 1', error: "'__proto__' is not allowed as an attribute name at column 1" },
  { filter: 'constructor eq 1', error: "'constructor' is not allowed as an attribute name at column 1" },
  { filter: 'Constructor.name eq 1', error: "'Constructor' is not allowed as an attribute name at column 1" },
  { filter: 'a.constructor pr', error: "'constructor' is not allowed as an attribute name at column 3" },
  { filter: 'a.__proto__ pr', error: "'__proto__' is not allowed as an attribute name at column 3" },
  { filter: 'prototype pr', error: "'prototype' is not allowed as an attribute name at column 1" },
  {
    filter: 'emails[constructor eq 1]',
    error: "'constructor' is not allowed as an attribute name at column 8",
  },
  {
    filter: 'emails[type eq "x"].__proto__ eq 1',
    error: "'__proto__' is not allowed as an attribute name at column 21",
  },
  {
    filter: `${CORE}:constructor eq 1`,
    error: "'constructor' is not allowed as an attribute name at column 44",
  },
  { filter: 'urn:x:__proto__:a eq 1', error: "'__proto__' is not allowed in a schema URN at column 7" },
  {
    filter: 'properties.x constructor eq 1',
    error: "'constructor' is not allowed in a property name at column 14",
  },
  { filter: '1abc eq 1', error: "Invalid attribute name '1abc'" },
  { filter: '_a eq 1', error: "Invalid attribute name '_a'" },
  { filter: 'a$b% eq 1', error: "Invalid attribute name 'a$b%' (a name starts with a letter" },
  { filter: '$foo eq 1', error: "Invalid attribute name '$foo' (a name starts with a letter" },
  { filter: 'a..b eq 1', error: 'Expected at most one sub-attribute in an attribute path at column 3' },
  { filter: 'a.b.c eq 1', error: 'Expected at most one sub-attribute in an attribute path at column 4' },
  { filter: 'a. eq 1', error: 'Expected an attribute name at column 3' },
  { filter: 'foo:bar eq 1', error: "Invalid schema URN 'foo' at column 1" },
  { filter: 'urn::x:a eq 1', error: "Invalid schema URN 'urn::x' at column 1" },
  { filter: `${CORE}: eq 1`, error: 'Expected an attribute name at column 44' },
  // custom property names
  {
    filter: 'properties.cost  center eq "x"',
    error: 'Words of a property name must be separated by a single space at column 16',
  },
  { filter: 'properties.cost\tcenter eq "x"', error: 'must be separated by a single space at column 16' },
  {
    filter: 'properties.cost center',
    error: 'Unexpected end of filter at column 23: expected a comparison operator',
  },
  { filter: 'properties.cost center "x"', error: `Expected a comparison operator at column 24, found '"x"'` },
  { filter: 'properties.cost c#nter eq 1', error: "Invalid property name word 'c#nter' (only letters" },
  { filter: 'properties.cost and eq 1', error: "Expected a comparison operator at column 17, found 'and'" },
];

describe('parseFilter', () => {
  it('has enough cases', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(100);
    expect(INVALID.length).toBeGreaterThanOrEqual(60);
  });

  describe('valid filters', () => {
    it.each(VALID)('parses $filter', ({ filter, expected }) => {
      const tree = parseFilter(filter);
      expect(sexpr(tree)).toBe(expected);
      expectRoundTrip(tree);
    });
  });

  describe('invalid filters', () => {
    it.each(INVALID)('refuses $filter', ({ filter, error }) => {
      const result = attempt(filter);
      expect(result).toBeInstanceOf(ScimError);
      const scimError = result as ScimError;
      expect(scimError.status).toBe(400);
      expect(scimError.scimType).toBe('invalidFilter');
      expect(scimError.detail).toContain(error);
    });
  });

  describe('full trees', () => {
    it('gives positions, raw text and typed values', () => {
      expect(parseFilter('userName eq "x"')).toEqual({
        kind: 'compare',
        op: 'eq',
        path: { attr: 'userName', text: 'userName', pos: 0 },
        value: 'x',
        pos: 0,
      });
      expect(parseFilter('not (a pr) OR b.c gt 1.5')).toEqual({
        kind: 'or',
        pos: 11,
        left: {
          kind: 'not',
          pos: 0,
          expr: { kind: 'present', path: { attr: 'a', text: 'a', pos: 5 }, pos: 5 },
        },
        right: {
          kind: 'compare',
          op: 'gt',
          path: { attr: 'b', sub: 'c', text: 'b.c', pos: 14 },
          value: 1.5,
          pos: 14,
        },
      });
    });

    it('parses the connector form into a value path whose sub-attribute condition is relative', () => {
      expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
        kind: 'valuePath',
        pos: 0,
        path: { attr: 'emails', text: 'emails', pos: 0 },
        filter: {
          kind: 'and',
          pos: 22,
          left: {
            kind: 'compare',
            op: 'eq',
            path: { attr: 'type', text: 'type', pos: 7 },
            value: 'work',
            pos: 7,
          },
          right: {
            kind: 'compare',
            op: 'eq',
            path: { attr: 'value', text: 'value', pos: 23 },
            value: 'a@b.c',
            pos: 23,
          },
        },
      });
    });

    it('splits a URN at the last colon, not at the dot of 2.0', () => {
      expect(parseFilter(`${CORE}:name.familyName eq "x"`)).toEqual({
        kind: 'compare',
        op: 'eq',
        path: { uri: CORE, attr: 'name', sub: 'familyName', text: `${CORE}:name.familyName`, pos: 0 },
        value: 'x',
        pos: 0,
      });
      expect(parseFilter(`(${ENTERPRISE}:department pr)`)).toEqual({
        kind: 'present',
        path: { uri: ENTERPRISE, attr: 'department', text: `${ENTERPRISE}:department`, pos: 1 },
        pos: 1,
      });
    });

    it('keeps a property name with its spaces as the sub-attribute', () => {
      expect(parseFilter(`${NEVIS}:properties.cost center eq "x"`)).toEqual({
        kind: 'compare',
        op: 'eq',
        path: {
          uri: NEVIS,
          attr: 'properties',
          sub: 'cost center',
          text: `${NEVIS}:properties.cost center`,
          pos: 0,
        },
        value: 'x',
        pos: 0,
      });
    });

    it('types values: number, string, boolean, null', () => {
      const values = ['a eq 1', 'a eq "1"', 'a eq TRUE', 'a eq Null', 'a eq -2.5E-3'].map(
        (filter) => (parseFilter(filter) as { value: unknown }).value,
      );
      expect(values).toEqual([1, '1', true, null, -0.0025]);
    });
  });

  describe('formatFilter', () => {
    it.each([
      { filter: 'a EQ 1 OR (b pr AND c pr)', canonical: 'a eq 1 or b pr and c pr' },
      { filter: '(a eq 1 or b eq 2) and c eq 3', canonical: '(a eq 1 or b eq 2) and c eq 3' },
      { filter: 'a pr and (b pr and c pr)', canonical: 'a pr and (b pr and c pr)' },
      { filter: 'a pr or (b pr or c pr)', canonical: 'a pr or (b pr or c pr)' },
      { filter: 'not( a pr )', canonical: 'not (a pr)' },
      { filter: 'emails[type eq "work"].value eq "x"', canonical: 'emails[type eq "work" and value eq "x"]' },
      {
        filter: 'emails[type eq "w" or type eq "h"].value pr',
        canonical: 'emails[(type eq "w" or type eq "h") and value pr]',
      },
      { filter: 'a eq "DOMAIN\\dave"', canonical: 'a eq "DOMAIN\\\\dave"' },
      { filter: 'a eq 1E3', canonical: 'a eq 1000' },
      { filter: 'properties.cost center eq true', canonical: 'properties.cost center eq true' },
    ])('prints $filter as $canonical', ({ filter, canonical }) => {
      expect(formatFilter(parseFilter(filter))).toBe(canonical);
    });
  });

  describe('limits', () => {
    const chain = (terms: number) => Array.from({ length: terms }, () => 'a eq 1').join(' or ');
    const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;

    it('uses 8192 characters, 32 levels and 256 comparisons by default', () => {
      expect(DEFAULT_FILTER_LIMITS).toEqual({ maxLength: 8192, maxDepth: 32, maxTerms: 256 });
    });

    it('accepts a filter at each limit', () => {
      expect(() => parseFilter(chain(256))).not.toThrow();
      expect(() => parseFilter(nested(32))).not.toThrow();
      expect(() => parseFilter(`a eq "${'x'.repeat(8192 - 7)}"`)).not.toThrow();
    });

    it.each([
      {
        name: 'length',
        filter: `a eq "${'x'.repeat(8192 - 6)}"`,
        error: 'more than the limit of 8192 (maxLength)',
      },
      {
        name: 'depth',
        filter: nested(33),
        error: 'Nesting deeper than the limit of 32 (maxDepth) at column 33',
      },
      {
        name: 'depth through not',
        filter: `${'not ('.repeat(33)}a pr${')'.repeat(33)}`,
        error: 'Nesting deeper than the limit of 32 (maxDepth) at column 165',
      },
      {
        name: 'depth through brackets',
        filter: `${'('.repeat(32)}emails[type pr]${')'.repeat(32)}`,
        error: 'Nesting deeper than the limit of 32 (maxDepth) at column 39',
      },
      {
        name: 'terms',
        filter: chain(257),
        error: 'More comparisons than the limit of 256 (maxTerms) at column 2561',
      },
      {
        name: 'terms inside brackets',
        filter: `emails[${Array.from({ length: 257 }, () => 'type pr').join(' and ')}]`,
        error: 'limit of 256 (maxTerms)',
      },
    ])('refuses a filter over the $name limit', ({ filter, error }) => {
      expect(() => parseFilter(filter)).toThrow(ScimError);
      expect((attempt(filter) as ScimError).detail).toContain(error);
    });

    it('takes custom limits', () => {
      expect(() => parseFilter('a pr or b pr', { maxTerms: 1 })).toThrow('limit of 1 (maxTerms)');
      expect(() => parseFilter('(a pr)', { maxDepth: 0 })).toThrow('limit of 0 (maxDepth)');
      expect(() => parseFilter('a pr', { maxLength: 3 })).toThrow(
        'The filter is 4 characters long, more than the limit of 3',
      );
      expect(() => parseFilter('a pr', { maxLength: undefined })).not.toThrow();
    });

    it('fails fast on a 100,000-character filter', () => {
      const started = performance.now();
      const result = attempt(chain(15_000).slice(0, 100_000));
      expect(result).toBeInstanceOf(ScimError);
      expect((result as ScimError).scimType).toBe('invalidFilter');
      expect((result as ScimError).detail).toContain('100000 characters long');
      expect(performance.now() - started).toBeLessThan(50);
    });

    it('fails fast on parentheses 10,000 deep, with or without a length limit', () => {
      const deep = nested(10_000);
      expect((attempt(deep) as ScimError).detail).toContain('(maxLength)');
      const started = performance.now();
      expect(() => parseFilter(deep, { maxLength: 1_000_000 })).toThrow('limit of 32 (maxDepth)');
      expect(() => parseFilter('not ('.repeat(10_000), { maxLength: 1_000_000 })).toThrow('(maxDepth)');
      expect(() => parseFilter('a['.repeat(10_000), { maxLength: 1_000_000 })).toThrow(ScimError);
      expect(performance.now() - started).toBeLessThan(100);
    });

    it('builds long and/or chains without recursion', () => {
      const huge = { maxLength: 10_000_000, maxTerms: 1_000_000 };
      const tree = parseFilter(chain(100_000), huge);
      let links = 0;
      for (let node = tree; node.kind === 'or'; node = node.left) links++;
      expect(links).toBe(99_999);
      expect(formatFilter(tree)).toBe(chain(100_000));
      expect(() =>
        parseFilter(Array.from({ length: 100_000 }, () => 'a pr').join(' and '), huge),
      ).not.toThrow();
    });

    it('is linear on inputs that would make a backtracking parser explode', () => {
      const inputs = [
        `a eq "${'\\'.repeat(8000)}`,
        `properties.${Array.from({ length: 2000 }, () => 'w').join(' ')}`,
        `${'urn:'.repeat(2000)}a pr`,
        `a eq ${'1'.repeat(8000)}`,
        `${'a.'.repeat(4000)}`,
        `a eq "${'\\u00'.repeat(2000)}"`,
      ];
      const started = performance.now();
      for (const input of inputs) expect(attempt(input)).toBeDefined();
      expect(performance.now() - started).toBeLessThan(200);
    });
  });

  describe('randomised', () => {
    const random = mulberry32(0x5c1a2025);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)];
    const chance = (p: number) => random() < p;
    const mixCase = (word: string) =>
      chance(0.7) ? word : [...word].map((c) => (chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
    const blank = () => (chance(0.85) ? ' ' : pick(['  ', '\t', ' \t ']));

    const NAMES = [
      'userName',
      'name',
      'emails',
      'active',
      'title',
      'x-ms_1',
      'meta',
      'displayName',
      'A9',
      'b',
    ];
    const SUBS = ['value', 'type', 'familyName', 'lastModified', '$ref', 'primary', 'c'];
    const URNS = [CORE, ENTERPRISE, NEVIS];
    const PROPERTY_WORDS = ['cost', 'center', 'is', 'null', 'x1', 'a-b', 'Q_r', '2nd'];
    const OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
    const CHARS = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '/',
      '\n',
      '\t',
      '\u0001',
      'é',
      '€',
      '😀',
      '𝄞',
      '[',
      ')',
      ':',
      "'",
      '%',
    ];

    interface Generated {
      node: FilterNode;
      text: string;
    }

    const at = { pos: 0 };

    function genName(): string {
      return chance(0.8) ? pick(NAMES) : `${pick(['q', 'Z', 'm'])}${pick(['', '1', '-x', '_y', '$z'])}`;
    }

    function genPath(relative: boolean): {
      path: { uri?: string; attr: string; sub?: string };
      text: string;
    } {
      const uri = !relative && chance(0.2) ? mixCase(pick(URNS)) : undefined;
      const prefix = uri === undefined ? '' : `${uri}:`;
      if (chance(0.1) && (uri === undefined || uri.toLowerCase() === NEVIS.toLowerCase())) {
        const attr = mixCase('properties');
        const sub = Array.from(
          { length: 1 + int(3) },
          (_, i) => (i === 0 ? 'p' : '') + pick(PROPERTY_WORDS),
        ).join(' ');
        return { path: { ...(uri && { uri }), attr, sub }, text: `${prefix}${attr}.${sub}` };
      }
      const attr = mixCase(genName());
      if (chance(0.4)) {
        const sub = mixCase(pick(SUBS));
        return { path: { ...(uri && { uri }), attr, sub }, text: `${prefix}${attr}.${sub}` };
      }
      return { path: { ...(uri && { uri }), attr }, text: `${prefix}${attr}` };
    }

    function genValue(): { value: string | number | boolean | null; text: string } {
      switch (int(4)) {
        case 0: {
          const text = pick(['true', 'false', 'null']);
          return { value: text === 'null' ? null : text === 'true', text: mixCase(text) };
        }
        case 1: {
          const text = `${pick(['', '-'])}${pick(['0', '7', '42', '123456'])}${pick(['', '.5', '.25'])}${pick(['', 'e3', 'E-2', 'e+1'])}`;
          const value = Number(text);
          return { value: value === 0 ? 0 : value, text };
        }
        default: {
          const value = Array.from({ length: int(8) }, () => pick(CHARS)).join('');
          let text = '"';
          for (const c of value) {
            if (c === '"' || c === '\\') text += `\\${c}`;
            else if (c.charCodeAt(0) < 0x20)
              text +=
                chance(0.5) && c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
            else if (c.length === 2 && chance(0.5))
              text += `\\u${c.charCodeAt(0).toString(16)}\\u${c.charCodeAt(1).toString(16).toUpperCase()}`;
            else if (c === '/' && chance(0.5)) text += '\\/';
            else text += c;
          }
          return { value, text: `${text}"` };
        }
      }
    }

    function genAttrExpr(relative: boolean): Generated {
      const { path, text } = genPath(relative);
      const fullPath = { ...path, text, ...at };
      if (chance(0.2))
        return {
          node: { kind: 'present', path: fullPath, ...at },
          text: `${text}${blank()}${mixCase('pr')}`,
        };
      const op = pick(OPS);
      const value = genValue();
      return {
        node: { kind: 'compare', op, path: fullPath, value: value.value, ...at },
        text: `${text}${blank()}${mixCase(op)}${blank()}${value.text}`,
      };
    }

    /** A random tree and a text for it, with parentheses where precedence needs them and some where it does not. */
    function gen(depth: number, relative: boolean): Generated {
      const roll = random();
      if (depth >= 4 || roll < 0.35) return genAttrExpr(relative);
      if (roll < 0.65) {
        const kind = chance(0.5) ? 'and' : 'or';
        const left = gen(depth + 1, relative);
        const right = gen(depth + 1, relative);
        const leftNeeds = kind === 'and' && left.node.kind === 'or';
        const rightNeeds =
          right.node.kind === 'or' ||
          (kind === 'and' && right.node.kind === 'and') ||
          right.node.kind === kind;
        const wrap = (g: Generated, needed: boolean) =>
          needed || chance(0.1) ? `(${blank()}${g.text})` : g.text;
        return {
          node: { kind, left: left.node, right: right.node, ...at },
          text: `${wrap(left, leftNeeds)}${blank()}${mixCase(kind)}${blank()}${wrap(right, rightNeeds)}`,
        };
      }
      if (roll < 0.75) {
        const inner = gen(depth + 1, relative);
        return {
          node: { kind: 'not', expr: inner.node, ...at },
          text: `${mixCase('not')}${chance(0.5) ? ' ' : ''}(${inner.text})`,
        };
      }
      if (roll < 0.85 || relative) {
        const inner = gen(depth + 1, relative);
        return { node: inner.node, text: `(${inner.text})` };
      }
      const attr = mixCase(pick(['emails', 'addresses', 'members', 'ims']));
      const uri = chance(0.2) ? NEVIS : undefined;
      const pathText = uri ? `${uri}:${attr}` : attr;
      const path = { ...(uri && { uri }), attr, text: pathText, ...at };
      const inner = gen(depth + 1, true);
      if (chance(0.4)) {
        const sub = genAttrExpr(true);
        if (sub.node.kind !== 'present' && sub.node.kind !== 'compare') throw new Error('unreachable');
        const subName = mixCase(pick(SUBS));
        const subPath = { attr: subName, text: subName, ...at };
        const connector: FilterNode =
          sub.node.kind === 'present' ? { ...sub.node, path: subPath } : { ...sub.node, path: subPath };
        const condition = sub.text.slice(sub.node.path.text.length);
        return {
          node: {
            kind: 'valuePath',
            path,
            filter: { kind: 'and', left: inner.node, right: connector, ...at },
            ...at,
          },
          text: `${pathText}[${inner.text}].${subName}${condition}`,
        };
      }
      return {
        node: { kind: 'valuePath', path, filter: inner.node, ...at },
        text: `${pathText}[${inner.text}]`,
      };
    }

    const MUTATION_CHARS = [
      '(',
      ')',
      '[',
      ']',
      '"',
      '\\',
      ' ',
      '.',
      ':',
      '$',
      '-',
      'e',
      'q',
      '0',
      'a',
      'n',
      'd',
      '\uD800',
      '😀',
      '\u0000',
    ];

    function mutate(text: string): string {
      let out = text;
      for (let n = 1 + int(3); n > 0; n--) {
        const i = int(out.length + 1);
        switch (int(5)) {
          case 0:
            out = out.slice(0, i) + pick(MUTATION_CHARS) + out.slice(i);
            break;
          case 1:
            out = out.slice(0, i) + out.slice(i + 1 + int(3));
            break;
          case 2:
            out = i + 1 < out.length ? out.slice(0, i) + out[i + 1] + out[i] + out.slice(i + 2) : out;
            break;
          case 3:
            out = out.slice(0, i);
            break;
          default:
            out = out.slice(0, i) + String.fromCharCode(int(0x10000)) + out.slice(i);
        }
      }
      return out;
    }

    function randomBytes(): string {
      return Array.from({ length: int(40) }, () =>
        String.fromCharCode(chance(0.5) ? 0x20 + int(0x60) : int(0x10000)),
      ).join('');
    }

    function expectTreeOrInvalidFilter(input: string): void {
      const result = attempt(input);
      if (result instanceof ScimError) {
        expect(result.status).toBe(400);
        expect(result.scimType).toBe('invalidFilter');
        expect(result.detail).toMatch(/column \d+/);
      } else {
        expectRoundTrip(result);
      }
    }

    it('parses 3,000 generated filters to the generated trees, and survives 3,000 mutants and 1,000 random strings', () => {
      const started = performance.now();
      let parsedMutants = 0;
      for (let i = 0; i < 3000; i++) {
        const { node, text } = gen(0, false);
        const tree = parseFilter(text);
        if (sexpr(tree) !== sexpr(node))
          throw new Error(`${text}\n  parsed:   ${sexpr(tree)}\n  expected: ${sexpr(node)}`);
        expectRoundTrip(tree);

        const mutant = mutate(text);
        expectTreeOrInvalidFilter(mutant);
        if (!(attempt(mutant) instanceof ScimError)) parsedMutants++;
        if (i % 3 === 0) expectTreeOrInvalidFilter(randomBytes());
      }
      expect(parsedMutants).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(5000);
    });
  });
});
