import { ScimError } from '../errors/scim-error';
import {
  checkProperties,
  propertyFromStorage,
  propertyStorageText,
  type PropertyDefinitionView,
} from './custom-properties';
import type { PropertyType, PropertyValue } from './property-rules';

const definition = (
  name: string,
  overrides: Partial<PropertyDefinitionView> = {},
): PropertyDefinitionView => ({
  name,
  scope: 'user',
  type: 'string',
  maxLength: null,
  pattern: null,
  allowedValues: null,
  required: false,
  unique: false,
  ...overrides,
});

const definitions: readonly PropertyDefinitionView[] = [
  definition('cost center', { maxLength: 8, pattern: '[A-Z]{2}[0-9]+' }),
  definition('employeeNo', { type: 'integer', unique: true }),
  definition('vip', { type: 'boolean' }),
  definition('entryDate', { type: 'date' }),
  definition('tier', { allowedValues: ['gold', 'silver'] }),
  definition('badge', { scope: 'profile', required: true }),
  definition('pinHint', { scope: 'credential' }),
];
const withRequired = [...definitions, definition('Region', { required: true })];

const PATH = 'urn:nevis:properties';

/** The ScimError `checkProperties` throws, or fails the test. */
function errorOf(defs: readonly PropertyDefinitionView[], value: unknown): ScimError {
  try {
    checkProperties(defs, 'user', value, PATH);
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a ScimError');
}

describe('checkProperties', () => {
  it.each<{ title: string; value: unknown; expected: Record<string, PropertyValue> }>([
    { title: 'undefined as no properties', value: undefined, expected: {} },
    { title: 'null as no properties', value: null, expected: {} },
    { title: 'an empty object', value: {}, expected: {} },
    {
      title: 'every type, in definition order with canonical names',
      value: { TIER: 'gold', entrydate: '2024-02-29', VIP: false, EmployeeNo: 42, 'Cost Center': 'AB12' },
      expected: { 'cost center': 'AB12', employeeNo: 42, vip: false, entryDate: '2024-02-29', tier: 'gold' },
    },
    {
      title: 'null members as no value',
      value: { vip: null, tier: 'silver' },
      expected: { tier: 'silver' },
    },
  ])('accepts $title', ({ value, expected }) => {
    const result = checkProperties(definitions, 'user', value, PATH);
    expect(result).toEqual(expected);
    expect(Object.keys(result)).toEqual(Object.keys(expected));
  });

  it('checks only the definitions of the requested scope', () => {
    expect(checkProperties(definitions, 'profile', { BADGE: 'B-1' }, 'profiles[0].properties')).toEqual({
      badge: 'B-1',
    });
    expect(checkProperties(definitions, 'credential', { pinhint: 'x' }, 'p')).toEqual({ pinHint: 'x' });
  });

  it.each<{ title: string; value: unknown }>([
    { title: 'a string', value: 'vip' },
    { title: 'a number', value: 1 },
    { title: 'a boolean', value: true },
    { title: 'an array', value: [{ vip: true }] },
  ])('rejects $title with 400 invalidValue naming the path', ({ value }) => {
    const error = errorOf(definitions, value);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(PATH);
  });

  it.each<{ title: string; value: Record<string, unknown>; detail: string }>([
    {
      title: 'an undefined property',
      value: { nickname: 'x' },
      detail: `${PATH}.nickname is not a defined property of scope user`,
    },
    {
      title: 'a property of another scope',
      value: { badge: 'B-1' },
      detail: `${PATH}.badge is not a defined property of scope user`,
    },
    {
      title: 'an undefined property even when null',
      value: { nickname: null },
      detail: `${PATH}.nickname is not a defined property of scope user`,
    },
    {
      title: 'a wrong type',
      value: { employeeNo: '42' },
      detail: `${PATH}.employeeNo: type: "42" is not an integer`,
    },
    {
      title: 'a non-integer number',
      value: { employeeNo: 1.5 },
      detail: `${PATH}.employeeNo: type: 1.5 is not an integer`,
    },
    {
      title: 'an impossible date',
      value: { entryDate: '2023-02-29' },
      detail: `${PATH}.entryDate: type: "2023-02-29" is not a date (YYYY-MM-DD)`,
    },
    {
      title: 'an object value',
      value: { vip: { value: true } },
      detail: `${PATH}.vip: type: {"value":true} is not a boolean`,
    },
    {
      title: 'a value over maxLength',
      value: { 'cost center': 'AB1234567' },
      detail: `${PATH}.cost center: maxLength: "AB1234567" is longer than 8 characters`,
    },
    {
      title: 'a value not matching the pattern',
      value: { 'COST CENTER': 'ab12' },
      detail: `${PATH}.cost center: pattern: "ab12" does not match [A-Z]{2}[0-9]+`,
    },
    {
      title: 'a value not allowed',
      value: { tier: 'bronze' },
      detail: `${PATH}.tier: allowedValues: "bronze" is not one of the allowed values`,
    },
  ])('rejects $title with 422', ({ value, detail }) => {
    const error = errorOf(definitions, value);
    expect(error.status).toBe(422);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toBe(detail);
  });

  it.each<{ title: string; value: unknown }>([
    { title: 'absent properties', value: undefined },
    { title: 'an empty object', value: {} },
    { title: 'a null value', value: { region: null } },
  ])('rejects a missing required property with 422: $title', ({ value }) => {
    const error = errorOf(withRequired, value);
    expect(error.status).toBe(422);
    expect(error.detail).toBe(`${PATH}.Region is required`);
  });

  it('accepts a required property under any case', () => {
    expect(checkProperties(withRequired, 'user', { REGION: 'EU' }, PATH)).toEqual({ Region: 'EU' });
  });

  it('reports every problem in one 422, in order of discovery', () => {
    const error = errorOf(withRequired, { nickname: 'x', vip: 'yes', tier: 'bronze', other: 1 });
    expect(error.status).toBe(422);
    expect(error.detail).toBe(
      [
        `${PATH}.nickname is not a defined property of scope user`,
        `${PATH}.other is not a defined property of scope user`,
        `${PATH}.vip: type: "yes" is not a boolean`,
        `${PATH}.tier: allowedValues: "bronze" is not one of the allowed values`,
        `${PATH}.Region is required`,
      ].join('; '),
    );
  });

  it.each<{ title: string; value: Record<string, unknown> }>([
    { title: 'two values', value: { vip: true, VIP: false } },
    { title: 'the same value', value: { tier: 'gold', Tier: 'gold' } },
    { title: 'a value and a null', value: { tier: null, TIER: 'gold' } },
  ])('rejects the same property given twice in different case with 400: $title', ({ value }) => {
    const error = errorOf(definitions, value);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    const [first, second] = Object.keys(value);
    const name = definitions.find((d) => d.name.toLowerCase() === first.toLowerCase())!.name;
    expect(error.detail).toBe(`${PATH}.${name} is given twice ('${first}' and '${second}')`);
  });

  it('reports a duplicate as 400 and still lists the policy problems after it', () => {
    const error = errorOf(withRequired, { vip: true, Vip: true, nickname: 'x' });
    expect(error.status).toBe(400);
    expect(error.detail).toBe(
      [
        `${PATH}.vip is given twice ('vip' and 'Vip')`,
        `${PATH}.nickname is not a defined property of scope user`,
        `${PATH}.Region is required`,
      ].join('; '),
    );
  });
});

describe('propertyStorageText', () => {
  it.each<{ value: PropertyValue; text: string }>([
    { value: 'AB12', text: 'AB12' },
    { value: '', text: '' },
    { value: 'cost center ü', text: 'cost center ü' },
    { value: 42, text: '42' },
    { value: -7, text: '-7' },
    { value: 0, text: '0' },
    { value: true, text: 'true' },
    { value: false, text: 'false' },
    { value: '2024-02-29', text: '2024-02-29' },
  ])('stores $value as $text', ({ value, text }) => {
    expect(propertyStorageText(value)).toBe(text);
  });
});

describe('propertyFromStorage', () => {
  it.each<{ type: PropertyType; text: string; value: PropertyValue }>([
    { type: 'string', text: 'AB12', value: 'AB12' },
    { type: 'string', text: '42', value: '42' },
    { type: 'string', text: 'true', value: 'true' },
    { type: 'date', text: '2024-02-29', value: '2024-02-29' },
    { type: 'integer', text: '42', value: 42 },
    { type: 'integer', text: '-7', value: -7 },
    { type: 'integer', text: '9007199254740991', value: Number.MAX_SAFE_INTEGER },
    { type: 'boolean', text: 'true', value: true },
    { type: 'boolean', text: 'false', value: false },
  ])('reads $type $text as $value', ({ type, text, value }) => {
    expect(propertyFromStorage(type, text)).toBe(value);
  });

  it.each<{ type: PropertyType; value: PropertyValue }>([
    { type: 'string', value: 'x y' },
    { type: 'integer', value: 123456 },
    { type: 'boolean', value: true },
    { type: 'boolean', value: false },
    { type: 'date', value: '1999-12-31' },
  ])('round-trips a $type value through storage', ({ type, value }) => {
    expect(propertyFromStorage(type, propertyStorageText(value))).toBe(value);
  });
});
