import { ScimError } from '../../scim/errors/scim-error';
import { parseFilter } from '../../scim/filter';
import { createDefaultRegistry } from '../../scim/schema/resource-types';
import { UserFilterCompiler, sqlDateTime, type Dialect, type SqlFragment } from './user-filter.compiler';

const registry = createDefaultRegistry();
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function compile(filter: string, dialect: Dialect = 'sqlite', clientParam?: string): SqlFragment {
  return new UserFilterCompiler(registry, dialect, clientParam).compile(parseFilter(filter));
}

function failure(filter: string): ScimError {
  try {
    compile(filter);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`'${filter}' compiled`);
}

const EMAILS_IN = 'u.id IN (SELECT c.user_id FROM user_emails c WHERE c.client_id = :cid';

/** Exact SQL for the basic leaf shapes: every value a named parameter, every leaf NULL-safe. */
const EXACT: { filter: string; sql: string; params: Record<string, unknown> }[] = [
  {
    filter: 'userName eq "Ａlice"',
    sql: '(u.`user_name_norm` IS NOT NULL AND u.`user_name_norm` = :f0)',
    params: { f0: 'alice' },
  },
  {
    filter: 'title eq "Boss"',
    sql: '(LOWER(u.`title`) IS NOT NULL AND LOWER(u.`title`) = LOWER(:f0))',
    params: { f0: 'Boss' },
  },
  {
    filter: 'externalId eq "AbC"',
    sql: '(u.`external_id` IS NOT NULL AND u.`external_id` = :f0)',
    params: { f0: 'AbC' },
  },
  {
    filter: 'externalId ne "AbC"',
    sql: '(u.`external_id` IS NULL OR u.`external_id` <> :f0)',
    params: { f0: 'AbC' },
  },
  {
    filter: 'userName co "a%b_c!d"',
    sql: "(u.`user_name_norm` IS NOT NULL AND u.`user_name_norm` LIKE :f0 ESCAPE '!')",
    params: { f0: '%a!%b!_c!!d%' },
  },
  {
    filter: 'userName sw "_"',
    sql: "(u.`user_name_norm` IS NOT NULL AND u.`user_name_norm` LIKE :f0 ESCAPE '!')",
    params: { f0: '!_%' },
  },
  {
    filter: 'externalId ew "%"',
    sql: "(u.`external_id` IS NOT NULL AND u.`external_id` LIKE :f0 ESCAPE '!')",
    params: { f0: '%!%' },
  },
  {
    // a backslash is an ordinary character under ESCAPE '!'
    filter: 'userName co "\\\\"',
    sql: "(u.`user_name_norm` IS NOT NULL AND u.`user_name_norm` LIKE :f0 ESCAPE '!')",
    params: { f0: '%\\%' },
  },
  { filter: 'title pr', sql: "(u.`title` IS NOT NULL AND u.`title` <> '')", params: {} },
  { filter: 'title eq null', sql: "(NOT (u.`title` IS NOT NULL AND u.`title` <> ''))", params: {} },
  { filter: 'title ne null', sql: "(u.`title` IS NOT NULL AND u.`title` <> '')", params: {} },
  { filter: 'meta.created pr', sql: '(u.`created_at` IS NOT NULL)', params: {} },
  { filter: 'active eq true', sql: "(u.`state` = 'active')", params: {} },
  { filter: 'active ne true', sql: "(u.`state` <> 'active')", params: {} },
  { filter: 'active eq false', sql: "(u.`state` <> 'active')", params: {} },
  { filter: 'meta.resourceType eq "User"', sql: '(1 = 1)', params: {} },
  { filter: 'meta.resourceType ne "user"', sql: '(1 = 0)', params: {} },
  { filter: 'groups pr', sql: '(1 = 0)', params: {} },
  { filter: 'id eq "abc"', sql: '(1 = 0)', params: {} },
  { filter: 'id ne "abc"', sql: '(1 = 1)', params: {} },
  { filter: 'id gt "41"', sql: '(u.`id` IS NOT NULL AND u.`id` > :f0)', params: { f0: 41 } },
  {
    filter: 'meta.version le "W/\\"3\\""',
    sql: '(u.`version` IS NOT NULL AND u.`version` <= :f0)',
    params: { f0: 3 },
  },
  {
    filter: 'meta.lastModified ge "2024-01-01T01:00:00.1230000+01:00"',
    sql: '(u.`updated_at` IS NOT NULL AND u.`updated_at` >= :f0)',
    params: { f0: '2024-01-01 00:00:00.123' },
  },
  // a finer, non-zero fraction lies strictly between two stored milliseconds
  {
    filter: 'meta.lastModified ge "2024-01-01T01:00:00.1234567+01:00"',
    sql: '(u.`updated_at` IS NOT NULL AND u.`updated_at` > :f0)',
    params: { f0: '2024-01-01 00:00:00.123' },
  },
  {
    filter: 'meta.created lt "2024-01-01T00:00:00.0000001Z"',
    sql: '(u.`created_at` IS NOT NULL AND u.`created_at` <= :f0)',
    params: { f0: '2024-01-01 00:00:00.000' },
  },
  {
    filter: 'meta.created gt "2024-01-01T00:00:00.0009999Z"',
    sql: '(u.`created_at` IS NOT NULL AND u.`created_at` > :f0)',
    params: { f0: '2024-01-01 00:00:00.000' },
  },
  { filter: 'meta.created eq "2024-01-01T00:00:00.0000001Z"', sql: '(1 = 0)', params: {} },
  { filter: 'meta.created ne "2024-01-01T00:00:00.0000001Z"', sql: '(1 = 1)', params: {} },
  {
    filter: 'emails.primary eq true',
    sql: `${EMAILS_IN} AND (c.\`primary\` IS NOT NULL AND c.\`primary\` = :f0))`,
    params: { f0: 1 },
  },
  {
    filter: 'emails.type ne "work"',
    sql: `${EMAILS_IN} AND (LOWER(c.\`type\`) IS NULL OR LOWER(c.\`type\`) <> LOWER(:f0)))`,
    params: { f0: 'work' },
  },
  {
    filter: 'emails pr',
    sql: `${EMAILS_IN} AND (c.\`value_norm\` IS NOT NULL AND c.\`value_norm\` <> ''))`,
    params: {},
  },
  {
    filter: 'roles.value eq "Admin"',
    sql:
      'u.id IN (SELECT c.user_id FROM user_multi_values c WHERE c.client_id = :cid AND c.attribute = :f1 AND ' +
      '(LOWER(c.`value`) IS NOT NULL AND LOWER(c.`value`) = LOWER(:f0)))',
    params: { f0: 'Admin', f1: 'roles' },
  },
  {
    filter: `${ENT}:manager.value eq "42"`,
    sql: '(u.`manager_value` IS NOT NULL AND u.`manager_value` = :f0)',
    params: { f0: '42' },
  },
];

/** Shapes of the composite forms. */
const SHAPES: { filter: string; sql: RegExp }[] = [
  // multi-valued: one IN sub-query per leaf, scoped by the client
  {
    filter: 'emails.value eq "a@b.c"',
    sql: /^u\.id IN \(SELECT c\.user_id FROM user_emails c WHERE c\.client_id = :cid AND \(.*\)\)$/,
  },
  {
    filter: 'phoneNumbers.value sw "+41"',
    sql: /^u\.id IN \(SELECT c\.user_id FROM user_phone_numbers c WHERE c\.client_id = :cid AND .* LIKE :f0 ESCAPE '!'\)\)$/,
  },
  {
    filter: 'addresses.locality eq "Bern"',
    sql: /^u\.id IN \(SELECT c\.user_id FROM user_addresses c WHERE c\.client_id = :cid AND /,
  },
  // not over a multi-valued attribute wraps the whole IN: users without emails are included
  {
    filter: 'not (emails.type eq "work")',
    sql: /^\(NOT u\.id IN \(SELECT c\.user_id FROM user_emails c .*\)\)$/,
  },
  // a value path: both conditions on the same element, inside one sub-query
  {
    filter: 'emails[type eq "work" and value co "@x"]',
    sql: /^u\.id IN \(SELECT c\.user_id FROM user_emails c WHERE c\.client_id = :cid AND \(\(LOWER\(c\.`type`\) .* = LOWER\(:f0\)\) AND \(c\.`value_norm` .* LIKE :f1 ESCAPE '!'\)\)\)$/,
  },
  {
    filter: 'emails[type eq "work"].value eq "a@b.c"',
    sql: /^u\.id IN \(SELECT c\.user_id FROM user_emails c WHERE c\.client_id = :cid AND \(\(.*:f0\)\) AND \(.*:f1\)\)\)$/,
  },
  {
    filter: 'emails[not (type eq "work")]',
    sql: /^u\.id IN \(SELECT .* AND \(NOT \(LOWER\(c\.`type`\) IS NOT NULL .*\)\)\)$/,
  },
  // precedence: and binds tighter than or
  {
    filter: 'title pr or userName eq "a" and active eq true',
    sql: /^\(\(u\.`title` .*\) OR \(\(u\.`user_name_norm` .*\) AND \(u\.`state` = 'active'\)\)\)$/,
  },
  {
    filter: '(title pr or userName eq "a") and active eq true',
    sql: /^\(\(\(u\.`title` .*\) OR \(u\.`user_name_norm` .*\)\) AND \(u\.`state` = 'active'\)\)$/,
  },
  {
    filter: 'not (title pr and nickName pr)',
    sql: /^\(NOT \(\(u\.`title` .*\) AND \(u\.`nick_name` .*\)\)\)$/,
  },
];

describe('UserFilterCompiler', () => {
  describe('leaf SQL', () => {
    it.each(EXACT)('compiles $filter', ({ filter, sql, params }) => {
      expect(compile(filter)).toEqual({ sql, params });
    });
  });

  describe('composite shapes', () => {
    it.each(SHAPES)('compiles $filter', ({ filter, sql }) => {
      expect(compile(filter).sql).toMatch(sql);
    });
  });

  describe('parameters only', () => {
    const values = [
      `userName eq "x'); DROP TABLE users;--"`,
      'displayName co "\\"--"',
      'emails[type eq "wo\'rk"].value eq "a\'b@c"',
      `${ENT}:department sw "R&D' OR 1=1"`,
      'name.familyName gt "O\'Brien"',
      'addresses.streetAddress ew "1; DELETE FROM users"',
    ];
    it.each(values)('puts no value of %s into the SQL text', (filter) => {
      const { sql, params } = compile(filter);
      expect(sql).not.toMatch(/DROP|DELETE|OR 1=1|'b@c|O'Brien|"--/i);
      // every placeholder is a parameter of the fragment, or the client id bound by the repository
      const names = [...sql.matchAll(/:(\w+)/g)].map((m) => m[1]).filter((n) => n !== 'cid');
      expect(new Set(names)).toEqual(new Set(Object.keys(params)));
      // the only quoted literals are the fixed ones of the compiler
      const literals = [...sql.matchAll(/'[^']*'/g)].map((m) => m[0]);
      expect(literals.filter((l) => !["'!'", "''", "'active'"].includes(l))).toEqual([]);
    });

    it('binds the client id under the name it is given', () => {
      expect(compile('emails pr', 'sqlite', 'tenant').sql).toContain('c.client_id = :tenant');
    });

    it('flattens a long or-chain instead of nesting it', () => {
      const filter = Array.from({ length: 200 }, (_, i) => `userName eq "u${i}"`).join(' or ');
      const { sql, params } = compile(filter);
      expect(Object.keys(params)).toHaveLength(200);
      expect(sql.startsWith('((')).toBe(true);
      expect(sql.split(' OR ')).toHaveLength(200);
      expect(sql).not.toContain('((('); // no nesting per term
    });
  });

  describe('dialects', () => {
    it('casts ids to text for co/sw/ew in each dialect', () => {
      expect(compile('id sw "12"', 'sqlite').sql).toContain('CAST(u.`id` AS TEXT) LIKE :f0');
      expect(compile('id sw "12"', 'mysql').sql).toContain('CAST(u.`id` AS CHAR) LIKE :f0');
    });

    it('compiles everything else the same for both dialects', () => {
      for (const { filter } of EXACT) expect(compile(filter, 'mysql')).toEqual(compile(filter, 'sqlite'));
    });
  });

  it('writes dates as the UTC text both engines store', () => {
    expect(sqlDateTime(new Date('2026-11-27T10:15:00.007Z'))).toBe('2026-11-27 10:15:00.007');
  });

  it('compiles a value path on addresses (a multi-valued attribute without a value sub-attribute)', () => {
    expect(compile('addresses[type eq "work"]').sql).toMatch(
      /^u\.id IN \(SELECT c\.user_id FROM user_addresses c WHERE c\.client_id = :cid AND \(LOWER\(c\.`type`\) .* = LOWER\(:f0\)\)\)$/,
    );
  });

  describe('errors', () => {
    it.each([
      ['nope eq "x"', 400, 'invalidFilter', /Unknown attribute 'nope' at column 1/],
      ['title eq "x" and emails.nope pr', 400, 'invalidFilter', /'emails\.nope' at column 18/],
      ['emails[nope eq "x"]', 400, 'invalidFilter', /emails\.nope/],
      ['password eq "x"', 403, 'sensitive', /password/],
      ['userName eq 5', 400, 'invalidFilter', /'userName'.*a string/],
      ['userName lt null', 400, 'invalidFilter', /null/],
      ['active gt true', 400, 'invalidFilter', /'gt'/],
      ['active eq 1', 400, 'invalidFilter', /true or false/],
      ['emails.primary eq "yes"', 400, 'invalidFilter', /true or false/],
      ['meta.created gt "yesterday"', 400, 'invalidFilter', /RFC 3339/],
      ['meta.created sw "2024-01-01T00:00:00Z"', 400, 'invalidFilter', /'sw'/],
      ['meta.version eq "W/x"', 400, 'invalidFilter', /ETag/],
      ['id lt "x"', 400, 'invalidFilter', /numeric id/],
      ['name eq "x"', 400, 'invalidFilter', /complex/],
      ['name.formatted pr', 400, 'invalidFilter', /derived/],
      [`${ENT}:manager.displayName eq "x"`, 400, 'invalidFilter', /derived/],
      ['title[value eq "x"]', 400, 'invalidFilter', /multi-valued/],
      ['meta.resourceType eq 1', 400, 'invalidFilter', /a string/],
    ] as const)('refuses %s with %i %s', (filter, status, scimType, detail) => {
      const error = failure(filter);
      expect({ status: error.status, scimType: error.scimType }).toEqual({ status, scimType });
      expect(error.detail).toMatch(detail);
    });
  });
});
