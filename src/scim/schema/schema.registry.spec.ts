import { ScimError } from '../errors/scim-error';
import { createDefaultRegistry } from './resource-types';
import { SchemaRegistry, type CoerceOptions, type Projection, type ScimResource } from './schema.registry';
import { attr, complex, type SchemaDef } from './schema.types';
import { URN } from './urns';

const CORE = URN.user;
const ENT = URN.enterpriseUser;
const LENIENT: CoerceOptions = { booleanStrings: true };
const STRICT: CoerceOptions = { booleanStrings: false };

const registry = createDefaultRegistry();

/** A registry with the attribute types the User schema lacks (integer, decimal, dateTime, returned: request). */
const WIDGET: SchemaDef = {
  id: 'urn:example:params:scim:schemas:core:2.0:Widget',
  name: 'Widget',
  description: 'A test resource with every attribute type',
  attributes: [
    attr('id', 'id', { mutability: 'readOnly', returned: 'always', caseExact: true }),
    attr('count', 'an integer', { type: 'integer' }),
    attr('ratio', 'a decimal', { type: 'decimal' }),
    attr('when', 'a dateTime', { type: 'dateTime' }),
    attr('flag', 'a boolean', { type: 'boolean' }),
    attr('secretNote', 'returned only on request', { returned: 'request' }),
    attr('kind', 'an enforced enum', {
      canonicalValues: ['Small', 'Large'],
      limits: { enforceCanonical: true },
    }),
    attr('fixed', 'immutable', { mutability: 'immutable' }),
    complex('parts', 'parts', [attr('value', 'v'), attr('hidden', 'h', { returned: 'never' })], {
      multiValued: true,
    }),
  ],
};
const WIDGET_EXT: SchemaDef = {
  id: 'urn:example:params:scim:schemas:extension:2.0:Widget',
  name: 'WidgetExt',
  description: 'an extension with a required attribute',
  attributes: [attr('code', 'required in the extension', { required: true }), attr('note', 'optional')],
};
const widgets = new SchemaRegistry(
  [WIDGET, WIDGET_EXT],
  [
    {
      id: 'Widget',
      name: 'Widget',
      endpoint: '/Widgets',
      description: 'Widgets',
      schema: WIDGET.id,
      schemaExtensions: [{ schema: WIDGET_EXT.id, required: false }],
    },
  ],
);

/** Runs `fn` and returns the ScimError it throws (fails when it throws something else or nothing). */
function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

const coerceUser = (body: unknown, options: CoerceOptions = LENIENT) =>
  registry.coerce('User', body, options);
const coerceWidget = (body: unknown, options: CoerceOptions = LENIENT) =>
  widgets.coerce('Widget', body, options);

describe('SchemaRegistry.coerce', () => {
  describe('accepted input, canonical output', () => {
    it.each<{ title: string; body: Record<string, unknown>; expected: ScimResource }>([
      {
        title: 'matches attribute and sub-attribute names case-insensitively',
        body: { USERNAME: 'ada', Name: { FAMILYNAME: 'Lovelace', givenname: 'Ada' }, DisplayName: 'Ada L.' },
        expected: {
          userName: 'ada',
          name: { familyName: 'Lovelace', givenName: 'Ada' },
          displayName: 'Ada L.',
        },
      },
      {
        title: 'reads an extension from its URN-keyed object',
        body: { userName: 'ada', [ENT]: { department: 'R&D', employeeNumber: '7' } },
        expected: { userName: 'ada', [ENT]: { department: 'R&D', employeeNumber: '7' } },
      },
      {
        title: 'matches the extension URN key case-insensitively and canonicalises it',
        body: { userName: 'ada', [ENT.toUpperCase()]: { DEPARTMENT: 'R&D' } },
        expected: { userName: 'ada', [ENT]: { department: 'R&D' } },
      },
      {
        title: 'reads URN-qualified extension attribute keys',
        body: { userName: 'ada', [`${ENT}:department`]: 'R&D', [`${ENT}:costCenter`]: 'CC1' },
        expected: { userName: 'ada', [ENT]: { department: 'R&D', costCenter: 'CC1' } },
      },
      {
        title: 'merges an extension object with URN-qualified keys of the same extension',
        body: { userName: 'ada', [ENT]: { division: 'D' }, [`${ENT}:department`]: 'R&D' },
        expected: { userName: 'ada', [ENT]: { division: 'D', department: 'R&D' } },
      },
      {
        title: 'reads URN-qualified core attribute keys as top-level attributes',
        body: { [`${CORE}:userName`]: 'ada', [`${CORE}:displayName`]: 'Ada' },
        expected: { userName: 'ada', displayName: 'Ada' },
      },
      {
        title: 'drops readOnly attributes (id, meta, groups, name.formatted, manager.displayName)',
        body: {
          id: '42',
          userName: 'ada',
          meta: { version: 'W/"9"', created: '2026-01-01T00:00:00Z' },
          groups: [{ value: 'g1' }],
          name: { formatted: 'Ada Lovelace', givenName: 'Ada' },
          [ENT]: { manager: { value: '7', displayName: 'Boss', $ref: '../Users/7' } },
        },
        expected: { userName: 'ada', name: { givenName: 'Ada' }, [ENT]: { manager: { value: '7' } } },
      },
      {
        title: 'drops unknown attributes, unknown sub-attributes and unknown schema URNs',
        body: {
          userName: 'ada',
          shoeSize: 44,
          name: { givenName: 'Ada', nickname2: 'x' },
          'urn:example:unknown:2.0:Thing': { a: 1 },
          'urn:example:unknown:2.0:Thing:b': 2,
          [`${ENT}:notAnAttribute`]: 'x',
        },
        expected: { userName: 'ada', name: { givenName: 'Ada' } },
      },
      {
        title: 'ignores schemas on input',
        body: { schemas: ['urn:whatever'], userName: 'ada' },
        expected: { userName: 'ada' },
      },
      {
        title: 'treats null as no value, at every level',
        body: {
          userName: 'ada',
          displayName: null,
          name: { givenName: null, familyName: 'L' },
          emails: [null, { value: 'a@example.com', type: null }],
          phoneNumbers: null,
          [ENT]: null,
        },
        expected: { userName: 'ada', name: { familyName: 'L' }, emails: [{ value: 'a@example.com' }] },
      },
      {
        title: 'drops empty lists and complex values that end up empty',
        body: { userName: 'ada', emails: [], name: { formatted: 'only read-only' }, [ENT]: {} },
        expected: { userName: 'ada' },
      },
      {
        title: 'takes a single object for a multi-valued attribute as a list of one',
        body: { userName: 'ada', emails: { value: 'a@example.com', type: 'work', primary: true } },
        expected: { userName: 'ada', emails: [{ value: 'a@example.com', type: 'work', primary: true }] },
      },
      {
        title: 'takes a one-element array for a singular complex attribute as its element',
        body: { userName: 'ada', name: [{ givenName: 'Ada' }] },
        expected: { userName: 'ada', name: { givenName: 'Ada' } },
      },
      {
        title: 'takes a one-element array for a singular simple attribute as its element',
        body: { userName: ['ada'], displayName: ['Ada'] },
        expected: { userName: 'ada', displayName: 'Ada' },
      },
      {
        title: 'treats an empty array for a singular attribute as no value',
        body: { userName: 'ada', displayName: [] },
        expected: { userName: 'ada' },
      },
      {
        title: 'takes a bare-string manager as {value}',
        body: { userName: 'ada', [ENT]: { manager: '1042' } },
        expected: { userName: 'ada', [ENT]: { manager: { value: '1042' } } },
      },
      {
        title: 'takes a bare-string manager in a one-element array (Entra)',
        body: { userName: 'ada', [`${ENT}:manager`]: ['1042'] },
        expected: { userName: 'ada', [ENT]: { manager: { value: '1042' } } },
      },
      {
        title: 'keeps JSON booleans',
        body: { userName: 'ada', active: false, emails: [{ value: 'a@b.c', primary: true }] },
        expected: { userName: 'ada', active: false, emails: [{ value: 'a@b.c', primary: true }] },
      },
      {
        title: 'keeps an accepted writeOnly password (it is not readOnly)',
        body: { userName: 'ada', password: 'Secret-123' },
        expected: { userName: 'ada', password: 'Secret-123' },
      },
      {
        title: 'allows tab, line feed and carriage return in non-identifier strings',
        body: { userName: 'ada', addresses: [{ formatted: 'Main St 1\r\n8000 Zurich\tCH' }] },
        expected: { userName: 'ada', addresses: [{ formatted: 'Main St 1\r\n8000 Zurich\tCH' }] },
      },
      {
        title: 'accepts a userName of exactly 255 code points even when that is 510 UTF-16 units',
        body: { userName: '😀'.repeat(255) },
        expected: { userName: '😀'.repeat(255) },
      },
      {
        title: 'ignores prototype-polluting keys',
        body: JSON.parse(
          '{"userName":"ada","__proto__":{"admin":true},"name":{"constructor":"x","givenName":"A"}}',
        ),
        expected: { userName: 'ada', name: { givenName: 'A' } },
      },
    ])('$title', ({ body, expected }) => {
      expect(coerceUser(body)).toEqual(expected);
    });

    it('does not change the input object', () => {
      const body = { UserName: 'ada', [`${ENT}:department`]: 'R&D', emails: { value: 'a@b.c' } };
      const copy = structuredClone(body);
      coerceUser(body);
      expect(body).toEqual(copy);
    });
  });

  describe('booleans', () => {
    it.each<{ value: unknown; options: CoerceOptions; expected: boolean }>([
      { value: true, options: STRICT, expected: true },
      { value: false, options: STRICT, expected: false },
      { value: 'True', options: LENIENT, expected: true },
      { value: 'False', options: LENIENT, expected: false },
      { value: 'true', options: LENIENT, expected: true },
      { value: 'FALSE', options: LENIENT, expected: false },
    ])(
      'reads $value as $expected (booleanStrings $options.booleanStrings)',
      ({ value, options, expected }) => {
        expect(coerceUser({ userName: 'ada', active: value }, options).active).toBe(expected);
      },
    );

    it.each<{ value: unknown; options: CoerceOptions }>(
      [
        { value: 'True', options: STRICT },
        { value: 'False', options: STRICT },
        { value: 'yes', options: LENIENT },
        { value: '1', options: LENIENT },
        { value: 1, options: LENIENT },
        { value: 0, options: LENIENT },
        { value: {}, options: LENIENT },
      ].map((row) => ({ ...row, shown: JSON.stringify(row.value) })),
    )('refuses $shown for a boolean (booleanStrings $options.booleanStrings)', ({ value, options }) => {
      const error = scimErrorOf(() => coerceUser({ userName: 'ada', active: value }, options));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toContain("'active'");
    });

    it('names the sub-attribute path of a bad boolean in a multi-valued attribute', () => {
      const error = scimErrorOf(() =>
        coerceUser(
          { userName: 'ada', emails: [{ value: 'a@b.c' }, { value: 'd@e.f', primary: 'True' }] },
          STRICT,
        ),
      );
      expect(error.detail).toContain("'emails[1].primary'");
    });
  });

  describe('integers, decimals and dateTimes', () => {
    it.each<{ title: string; body: Record<string, unknown>; expected: ScimResource }>([
      { title: 'keeps an integer', body: { count: 42 }, expected: { count: 42 } },
      {
        title: 'keeps a negative integer and zero',
        body: { count: -3, ratio: 0 },
        expected: { count: -3, ratio: 0 },
      },
      { title: 'keeps a decimal', body: { ratio: 0.25 }, expected: { ratio: 0.25 } },
      {
        title: 'normalises a 7-digit fraction (Entra) to milliseconds and Z',
        body: { when: '2026-11-27T10:15:00.1234567Z' },
        expected: { when: '2026-11-27T10:15:00.123Z' },
      },
      {
        title: 'normalises a positive offset to UTC',
        body: { when: '2026-11-27T12:15:00+02:00' },
        expected: { when: '2026-11-27T10:15:00.000Z' },
      },
      {
        title: 'normalises a negative offset across midnight',
        body: { when: '2026-11-27T23:30:00.5-05:30' },
        expected: { when: '2026-11-28T05:00:00.500Z' },
      },
      {
        title: 'accepts a date-time without fraction',
        body: { when: '2026-11-27T10:15:00Z' },
        expected: { when: '2026-11-27T10:15:00.000Z' },
      },
      {
        title: 'matches an enforced canonical value case-insensitively and returns its canonical spelling',
        body: { kind: 'small' },
        expected: { kind: 'Small' },
      },
      {
        title: 'keeps an immutable attribute on input (only readOnly ones are dropped)',
        body: { fixed: 'x' },
        expected: { fixed: 'x' },
      },
    ])('$title', ({ body, expected }) => {
      expect(coerceWidget(body)).toEqual(expected);
    });

    it.each<{ title: string; body: Record<string, unknown>; path: string }>([
      { title: 'a fractional integer', body: { count: 1.5 }, path: 'count' },
      { title: 'an integer as a string', body: { count: '42' }, path: 'count' },
      { title: 'an integer beyond 2^53', body: { count: 2 ** 53 }, path: 'count' },
      { title: 'a decimal as a string', body: { ratio: '0.5' }, path: 'ratio' },
      { title: 'a date without time', body: { when: '2026-11-27' }, path: 'when' },
      { title: 'an impossible date', body: { when: '2026-02-31T00:00:00Z' }, path: 'when' },
      { title: 'a date-time without zone', body: { when: '2026-11-27T10:15:00' }, path: 'when' },
      { title: 'a date-time as a number', body: { when: 1764238500000 }, path: 'when' },
      { title: 'a value outside the enforced canonical values', body: { kind: 'Medium' }, path: 'kind' },
      {
        title: 'a number for a string sub-attribute',
        body: { parts: [{ value: 1 }] },
        path: 'parts[0].value',
      },
      { title: 'a list of two for a singular attribute', body: { count: [1, 2] }, path: 'count' },
    ])('refuses $title with an error naming $path', ({ body, path }) => {
      const error = scimErrorOf(() => coerceWidget(body));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toContain(`'${path}'`);
    });

    it('requires a required attribute of an extension only when the extension is present', () => {
      expect(coerceWidget({ count: 1 })).toEqual({ count: 1 });
      expect(coerceWidget({ [WIDGET_EXT.id]: { code: 'c' } })).toEqual({ [WIDGET_EXT.id]: { code: 'c' } });
      const error = scimErrorOf(() => coerceWidget({ [WIDGET_EXT.id]: { note: 'n' } }));
      expect(error.status).toBe(400);
      expect(error.detail).toContain("'code' is required");
    });
  });

  describe('required, lengths and text checks', () => {
    it.each<{ title: string; body: unknown; status: number; scimType: string; detail: string }>([
      {
        title: 'a body that is not an object',
        body: [],
        status: 400,
        scimType: 'invalidSyntax',
        detail: 'object',
      },
      { title: 'a null body', body: null, status: 400, scimType: 'invalidSyntax', detail: 'object' },
      {
        title: 'a missing userName',
        body: { displayName: 'x' },
        status: 400,
        scimType: 'invalidValue',
        detail: "'userName' is required",
      },
      {
        title: 'a null userName',
        body: { userName: null },
        status: 400,
        scimType: 'invalidValue',
        detail: "'userName' is required",
      },
      {
        title: 'an empty userName',
        body: { userName: '' },
        status: 400,
        scimType: 'invalidValue',
        detail: "'userName'",
      },
      {
        title: 'a blank userName',
        body: { userName: '   ' },
        status: 400,
        scimType: 'invalidValue',
        detail: "'userName'",
      },
      {
        title: 'a numeric userName',
        body: { userName: 42 },
        status: 400,
        scimType: 'invalidValue',
        detail: "'userName' must be a string",
      },
      {
        title: 'a userName of 256 code points',
        body: { userName: 'a'.repeat(256) },
        status: 400,
        scimType: 'invalidValue',
        detail: "'userName' is longer than 255",
      },
      {
        title: 'a displayName of 256 astral code points',
        body: { userName: 'ada', displayName: '😀'.repeat(256) },
        status: 400,
        scimType: 'invalidValue',
        detail: "'displayName' is longer than 255",
      },
      {
        title: 'a list of two names for the singular name',
        body: { userName: 'ada', name: [{ givenName: 'A' }, { givenName: 'B' }] },
        status: 400,
        scimType: 'invalidValue',
        detail: "'name' is single-valued",
      },
      {
        title: 'a string where a complex attribute is expected',
        body: { userName: 'ada', name: 'Ada Lovelace' },
        status: 400,
        scimType: 'invalidValue',
        detail: "'name' must be an object",
      },
      {
        title: 'an extension that is not an object',
        body: { userName: 'ada', [ENT]: 'R&D' },
        status: 400,
        scimType: 'invalidValue',
        detail: ENT,
      },
    ])('refuses $title', ({ body, status, scimType, detail }) => {
      const error = scimErrorOf(() => coerceUser(body));
      expect(error.status).toBe(status);
      expect(error.scimType).toBe(scimType);
      expect(error.detail).toContain(detail);
    });

    it.each<{ title: string; body: Record<string, unknown>; path: string; problem: RegExp }>([
      {
        title: 'a NUL in displayName',
        body: { displayName: 'a\u0000b' },
        path: 'displayName',
        problem: /control/,
      },
      {
        title: 'a BEL in the second email',
        body: { emails: [{ value: 'a@b.c' }, { value: 'x\u0007@y.z' }] },
        path: 'emails[1].value',
        problem: /control/,
      },
      {
        title: 'DEL in name.givenName',
        body: { name: { givenName: 'A\u007f' } },
        path: 'name.givenName',
        problem: /control/,
      },
      { title: 'a C1 control in title', body: { title: 'x\u0085y' }, path: 'title', problem: /control/ },
      {
        title: 'a lone high surrogate in nickName',
        body: { nickName: 'x\ud800' },
        path: 'nickName',
        problem: /surrogate/,
      },
      {
        title: 'a lone low surrogate in an address',
        body: { addresses: [{ locality: '\udc00' }] },
        path: 'addresses[0].locality',
        problem: /surrogate/,
      },
      {
        title: 'a control character in an URN-qualified extension attribute',
        body: { [`${ENT}:department`]: 'R\u0001D' },
        path: `${ENT}:department`,
        problem: /control/,
      },
      {
        title: 'a control character in a bare-string manager',
        body: { [ENT]: { manager: '1\u00002' } },
        path: `${ENT}:manager.value`,
        problem: /control/,
      },
      {
        title: 'a right-to-left override in userName',
        body: { userName: 'admin\u202egpj' },
        path: 'userName',
        problem: /direction|invisible/,
      },
      {
        title: 'a bidi isolate in userName',
        body: { userName: 'a\u2066b' },
        path: 'userName',
        problem: /direction|invisible/,
      },
      {
        title: 'a zero-width space in userName',
        body: { userName: 'ad\u200bmin' },
        path: 'userName',
        problem: /invisible/,
      },
      {
        title: 'a zero-width joiner in userName',
        body: { userName: 'ad\u200dmin' },
        path: 'userName',
        problem: /invisible/,
      },
      {
        title: 'a byte-order mark in userName',
        body: { userName: '\ufeffadmin' },
        path: 'userName',
        problem: /invisible/,
      },
      {
        title: 'a soft hyphen in userName',
        body: { userName: 'ad\u00admin' },
        path: 'userName',
        problem: /invisible/,
      },
      { title: 'a tab in userName', body: { userName: 'ad\tmin' }, path: 'userName', problem: /control/ },
      {
        title: 'a lone surrogate in userName',
        body: { userName: 'ad\udfffmin' },
        path: 'userName',
        problem: /surrogate/,
      },
    ])('refuses $title, naming $path', ({ body, path, problem }) => {
      const error = scimErrorOf(() => coerceUser({ userName: 'ada', ...body }));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toContain(`'${path}'`);
      expect(error.detail).toMatch(problem);
    });
  });
});

describe('SchemaRegistry.present', () => {
  const user: ScimResource = {
    id: '7',
    externalId: 'ext-7',
    userName: 'ada',
    name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
    displayName: 'Ada L.',
    active: true,
    password: 'hash-or-secret',
    emails: [
      { value: 'ada@example.com', type: 'work', primary: true },
      { value: 'ada@home.example', type: 'home' },
    ],
    meta: { resourceType: 'User', version: 'W/"3"', location: 'https://h/scim/v2/c/Users/7' },
    [ENT]: { department: 'R&D', employeeNumber: '12' },
  };
  const present = (projection?: Projection, resource: ScimResource = user) =>
    registry.present('User', resource, projection);

  it('renders every returned attribute but never the password', () => {
    const out = present();
    expect(out).toEqual({
      schemas: [CORE, ENT],
      ...Object.fromEntries(Object.entries(user).filter(([k]) => k !== 'password')),
    });
    expect(out).not.toHaveProperty('password');
  });

  it('lists the schemas first and only extensions that have data', () => {
    const { [ENT]: _, ...coreOnly } = user;
    expect(Object.keys(present()).at(0)).toBe('schemas');
    expect(present({}, coreOnly).schemas).toEqual([CORE]);
    expect(present({}, { ...coreOnly, [ENT]: {} }).schemas).toEqual([CORE]);
    expect(present({}, { ...coreOnly, [ENT]: { department: null } }).schemas).toEqual([CORE]);
    expect(present({}, { ...coreOnly, [ENT]: { department: null } })).not.toHaveProperty([ENT]);
  });

  it('drops null and undefined values', () => {
    expect(present({}, { id: '1', userName: 'a', displayName: null, title: undefined })).toEqual({
      schemas: [CORE],
      id: '1',
      userName: 'a',
    });
  });

  it.each<{ title: string; projection: Projection; expected: ScimResource }>([
    {
      title: 'attributes=userName keeps userName plus the returned:always id and active',
      projection: { attributes: ['userName'] },
      expected: { schemas: [CORE], id: '7', userName: 'ada', active: true },
    },
    {
      title: 'attribute names in projections are case-insensitive',
      projection: { attributes: ['USERNAME', 'DisplayName'] },
      expected: { schemas: [CORE], id: '7', userName: 'ada', displayName: 'Ada L.', active: true },
    },
    {
      title: 'attributes=name.familyName returns only that sub-attribute',
      projection: { attributes: ['name.familyName'] },
      expected: { schemas: [CORE], id: '7', name: { familyName: 'Lovelace' }, active: true },
    },
    {
      title: 'attributes=emails.value returns only the values of every email',
      projection: { attributes: ['emails.value'] },
      expected: {
        schemas: [CORE],
        id: '7',
        active: true,
        emails: [{ value: 'ada@example.com' }, { value: 'ada@home.example' }],
      },
    },
    {
      title: 'attributes=name returns the whole complex attribute',
      projection: { attributes: ['name'] },
      expected: { schemas: [CORE], id: '7', name: user.name, active: true },
    },
    {
      title: 'a URN-prefixed extension attribute selects it and lists the extension in schemas',
      projection: { attributes: [`${ENT}:department`] },
      expected: { schemas: [CORE, ENT], id: '7', active: true, [ENT]: { department: 'R&D' } },
    },
    {
      title: 'a URN-prefixed core attribute selects the top-level attribute',
      projection: { attributes: [`${CORE}:userName`] },
      expected: { schemas: [CORE], id: '7', userName: 'ada', active: true },
    },
    {
      title: 'a URN-prefixed name is matched case-insensitively',
      projection: { attributes: [`${ENT.toLowerCase()}:DEPARTMENT`] },
      expected: { schemas: [CORE, ENT], id: '7', active: true, [ENT]: { department: 'R&D' } },
    },
    {
      title: 'attributes=meta.version returns only meta.version',
      projection: { attributes: ['meta.version'] },
      expected: { schemas: [CORE], id: '7', active: true, meta: { version: 'W/"3"' } },
    },
    {
      title: 'attributes=password still never returns the password',
      projection: { attributes: ['password', 'userName'] },
      expected: { schemas: [CORE], id: '7', userName: 'ada', active: true },
    },
    {
      title: 'attributes naming only unknown attributes returns only returned:always ones',
      projection: { attributes: ['shoeSize'] },
      expected: { schemas: [CORE], id: '7', active: true },
    },
    {
      title: 'excludedAttributes removes default attributes',
      projection: { excludedAttributes: ['emails', 'name', 'meta', 'externalId', `${ENT}:department`] },
      expected: {
        schemas: [CORE, ENT],
        id: '7',
        userName: 'ada',
        displayName: 'Ada L.',
        active: true,
        [ENT]: { employeeNumber: '12' },
      },
    },
    {
      title: 'excludedAttributes cannot remove returned:always attributes',
      projection: {
        excludedAttributes: [
          'id',
          'active',
          'emails',
          'name',
          'meta',
          'externalId',
          'displayName',
          ENT + ':department',
          ENT + ':employeeNumber',
        ],
      },
      expected: { schemas: [CORE], id: '7', userName: 'ada', active: true },
    },
    {
      title: 'excludedAttributes=name.givenName removes one sub-attribute',
      projection: { excludedAttributes: ['name.givenName'] },
      expected: {
        ...Object.fromEntries(Object.entries(user).filter(([k]) => k !== 'password')),
        schemas: [CORE, ENT],
        name: { familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      },
    },
    {
      title: 'attributes wins when both are given',
      projection: { attributes: ['userName'], excludedAttributes: ['userName'] },
      expected: { schemas: [CORE], id: '7', userName: 'ada', active: true },
    },
  ])('$title', ({ projection, expected }) => {
    const out = present(projection);
    expect(out).toEqual(expected);
    expect(Object.keys(out).at(0)).toBe('schemas');
  });

  it.each<{ title: string; projection?: Projection; expected: ScimResource }>([
    {
      title: 'returned:request attributes are left out by default',
      expected: { schemas: [WIDGET.id], id: 'w', count: 1, parts: [{ value: 'p' }] },
    },
    {
      title: 'returned:request attributes are left out with excludedAttributes',
      projection: { excludedAttributes: ['count'] },
      expected: { schemas: [WIDGET.id], id: 'w', parts: [{ value: 'p' }] },
    },
    {
      title: 'returned:request attributes are returned when named in attributes',
      projection: { attributes: ['secretNote'] },
      expected: { schemas: [WIDGET.id], id: 'w', secretNote: 's' },
    },
    {
      title: 'returned:never sub-attributes are never returned, even when named',
      projection: { attributes: ['parts.hidden', 'parts.value'] },
      expected: { schemas: [WIDGET.id], id: 'w', parts: [{ value: 'p' }] },
    },
  ])('$title', ({ projection, expected }) => {
    const widget = { id: 'w', count: 1, secretNote: 's', parts: [{ value: 'p', hidden: 'h' }] };
    expect(widgets.present('Widget', widget, projection)).toEqual(expected);
  });
});

describe('SchemaRegistry.splitUrn', () => {
  it.each<{ path: string; expected: { uri?: string; rest: string } }>([
    { path: 'userName', expected: { rest: 'userName' } },
    { path: 'name.familyName', expected: { rest: 'name.familyName' } },
    { path: `${CORE}:userName`, expected: { uri: CORE, rest: 'userName' } },
    { path: `${ENT}:department`, expected: { uri: ENT, rest: 'department' } },
    { path: `${ENT}:manager.value`, expected: { uri: ENT, rest: 'manager.value' } },
    { path: `${ENT.toUpperCase()}:Department`, expected: { uri: ENT, rest: 'Department' } },
    { path: ENT, expected: { uri: ENT, rest: '' } },
    {
      path: 'urn:example:unknown:1.0:Thing:attr',
      expected: { uri: 'urn:example:unknown:1.0:Thing:attr', rest: '' },
    },
    { path: `${ENT}x:department`, expected: { uri: `${ENT}x:department`, rest: '' } },
  ])('splits $path', ({ path, expected }) => {
    expect(registry.splitUrn('User', path)).toEqual(expected);
  });
});

describe('SchemaRegistry.findAttribute', () => {
  it.each<{ name: string; uri?: string; schema: string; core: boolean; canonical: string }>(
    [
      { name: 'userName', schema: CORE, core: true, canonical: 'userName' },
      { name: 'USERNAME', schema: CORE, core: true, canonical: 'userName' },
      { name: 'phonenumbers', schema: CORE, core: true, canonical: 'phoneNumbers' },
      { name: 'userName', uri: CORE.toLowerCase(), schema: CORE, core: true, canonical: 'userName' },
      { name: 'department', uri: ENT, schema: ENT, core: false, canonical: 'department' },
      { name: 'MANAGER', uri: ENT.toUpperCase(), schema: ENT, core: false, canonical: 'manager' },
    ].map((row) => ({ ...row, where: row.uri ?? 'unqualified' })),
  )('resolves $name (schema $where)', ({ name, uri, schema, core, canonical }) => {
    const found = registry.findAttribute('User', name, uri);
    expect(found?.schema.id).toBe(schema);
    expect(found?.core).toBe(core);
    expect(found?.attribute.name).toBe(canonical);
  });

  it.each<{ name: string; uri?: string }>(
    [
      { name: 'department' },
      { name: 'userName', uri: ENT },
      { name: 'department', uri: CORE },
      { name: 'shoeSize' },
      { name: 'userName', uri: 'urn:example:unknown' },
      { name: 'name.familyName' },
    ].map((row) => ({ ...row, where: row.uri ?? 'unqualified' })),
  )('does not resolve $name (schema $where)', ({ name, uri }) => {
    expect(registry.findAttribute('User', name, uri)).toBeUndefined();
  });

  it('finds sub-attributes case-insensitively', () => {
    const name = registry.findAttribute('User', 'name')!.attribute;
    expect(SchemaRegistry.findSubAttribute(name, 'FAMILYNAME')?.name).toBe('familyName');
    expect(SchemaRegistry.findSubAttribute(name, 'nope')).toBeUndefined();
  });
});

describe('SchemaRegistry construction', () => {
  it('refuses a resource type that names an unknown schema', () => {
    expect(
      () =>
        new SchemaRegistry(
          [WIDGET],
          [
            {
              id: 'W',
              name: 'W',
              endpoint: '/W',
              description: '',
              schema: WIDGET.id,
              schemaExtensions: [{ schema: 'urn:x', required: false }],
            },
          ],
        ),
    ).toThrow(/unknown schema urn:x/);
  });

  it('looks schemas and resource types up case-insensitively', () => {
    expect(registry.schema(ENT.toLowerCase())?.id).toBe(ENT);
    expect(registry.resourceType('user').id).toBe('User');
    expect(() => registry.resourceType('Group')).toThrow();
  });
});

describe('the nevisIDM extension in the registry (open maps, nested complexes, the credentials[TYPE] selector)', () => {
  const NEV = URN.nevisUser;
  const user: ScimResource = {
    id: '9',
    userName: 'ada',
    [NEV]: {
      state: 'active',
      credentials: [
        { extId: 'c1', type: 'PASSWORD', state: 'active' },
        {
          extId: 'c2',
          type: 'MTAN',
          mobileNumber: '+41791234567',
          loginInfo: { lastLogin: 'x', success: true },
        },
        {
          extId: 'c3',
          type: 'SECURITY_QUESTIONS',
          questions: [{ question: 'First pet?', answer: 'never shown' }],
        },
      ],
      properties: { costCenter: '4130', 'badge number': 7 },
    },
  };
  const types = (out: ScimResource) =>
    ((out[NEV] as { credentials?: { type: string }[] }).credentials ?? []).map((c) => c.type);

  it('keeps the members of an open map as JSON scalars and refuses objects in it', () => {
    const coerced = coerceUser({
      userName: 'a',
      [NEV]: { properties: { any: 'x', n: 1, b: false, gone: null } },
    });
    expect(coerced[NEV]).toEqual({ properties: { any: 'x', n: 1, b: false } });
    const error = scimErrorOf(() => coerceUser({ userName: 'a', [NEV]: { properties: { deep: { x: 1 } } } }));
    expect(error.detail).toBe(`Attribute '${NEV}:properties.deep' must be a string, a number or a boolean`);
    const proto = coerceUser(JSON.parse(`{"userName":"a","${NEV}":{"properties":{"__proto__":{"x":1}}}}`));
    expect(proto[NEV]).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('never renders a returned:never member of a nested complex (answers, the login event input)', () => {
    const out = registry.present('User', user);
    const text = JSON.stringify(out);
    expect(text).not.toContain('never shown');
    expect(text).not.toContain('"success"');
    expect((out[NEV] as { properties: unknown }).properties).toEqual({
      costCenter: '4130',
      'badge number': 7,
    });
  });

  it('credentials[TYPE] in attributes returns only those types; in excludedAttributes leaves them out', () => {
    expect(types(registry.present('User', user, { attributes: [`${NEV}:credentials[mtan]`] }))).toEqual([
      'MTAN',
    ]);
    const both = registry.present('User', user, {
      attributes: [`${NEV}:credentials[PASSWORD]`, `${NEV}:credentials[MTAN]`],
    });
    expect(types(both)).toEqual(['PASSWORD', 'MTAN']);
    expect(both.userName).toBeUndefined();
    expect(
      types(registry.present('User', user, { excludedAttributes: [`${NEV}:credentials[PASSWORD]`] })),
    ).toEqual(['MTAN', 'SECURITY_QUESTIONS']);
    // Without a selector the whole attribute is named; an unknown type selects nothing.
    expect(types(registry.present('User', user, { attributes: [`${NEV}:credentials`] }))).toHaveLength(3);
    expect(
      registry.present('User', user, { attributes: [`${NEV}:credentials[FIDO2]`] })[NEV],
    ).toBeUndefined();
    expect(
      registry.selects('User', { attributes: [`${NEV}:credentials[PASSWORD]`] }, 'credentials', NEV),
    ).toBe(true);
  });
});
