import {
  isPropertyDate,
  propertyNameProblem,
  propertyPatternProblem,
  propertyValueProblem,
  type PropertyRule,
} from './property-rules';

const rule = (overrides: Partial<PropertyRule>): PropertyRule => ({
  type: 'string',
  maxLength: null,
  pattern: null,
  allowedValues: null,
  ...overrides,
});

describe('propertyNameProblem', () => {
  it.each(['cost center', 'a', 'Address 2', 'x-ray_id', 'equal orbit', 'a b c d'])('accepts %j', (name) => {
    expect(propertyNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['cost  center', 'single space'],
    [' cost', 'single space'],
    ['cost ', 'single space'],
    ['cost\tcenter', "may contain only letters, digits, '-' and '_'"],
    ['1st', 'must start with a letter'],
    ['_x', 'must start with a letter'],
    ['a$b', "may contain only letters, digits, '-' and '_'"],
    ['cost eq center', "'eq' is a filter keyword"],
    ['NOT', "'NOT' is a filter keyword"],
    ['x Or y', "'Or' is a filter keyword"],
    ['a prototype', "'prototype' is not allowed"],
    ['n'.repeat(129), 'at most 128'],
  ])('refuses %j (%s)', (name, problem) => {
    expect(propertyNameProblem(name)).toContain(problem);
  });
});

describe('propertyPatternProblem', () => {
  it.each(['[a-z]+', 'CC-\\d{4}', '(?<year>\\d{4})', '\\p{L}+'])('accepts %j', (pattern) => {
    expect(propertyPatternProblem(pattern)).toBeUndefined();
  });

  it.each([
    ['(', 'not a valid JavaScript regular expression'],
    ['\\q', 'not a valid JavaScript regular expression'],
    ['', 'must not be empty'],
    ['a'.repeat(257), 'at most 256'],
  ])('refuses %j (%s)', (pattern, problem) => {
    expect(propertyPatternProblem(pattern)).toContain(problem);
  });
});

describe('isPropertyDate', () => {
  it.each([
    ['2026-11-27', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-11-27T00:00:00Z', false],
  ])('%j is a date: %s', (text, expected) => {
    expect(isPropertyDate(text)).toBe(expected);
  });
});

describe('propertyValueProblem', () => {
  it.each<{ title: string; rule: PropertyRule; value: unknown; problem?: string }>([
    { title: 'a string', rule: rule({}), value: 'x' },
    { title: 'a number as string', rule: rule({}), value: 1, problem: 'type: 1 is not a string' },
    { title: 'an integer', rule: rule({ type: 'integer' }), value: -7 },
    { title: 'a fraction', rule: rule({ type: 'integer' }), value: 1.5, problem: 'type:' },
    { title: 'an integer string', rule: rule({ type: 'integer' }), value: '1', problem: 'type:' },
    { title: 'a boolean', rule: rule({ type: 'boolean' }), value: false },
    { title: 'a "true" string', rule: rule({ type: 'boolean' }), value: 'true', problem: 'type:' },
    { title: 'a date', rule: rule({ type: 'date' }), value: '2026-11-27' },
    { title: 'a bad date', rule: rule({ type: 'date' }), value: '2026-02-30', problem: 'type:' },
    { title: 'a value at maxLength', rule: rule({ maxLength: 2 }), value: 'éé' },
    { title: 'a value over maxLength', rule: rule({ maxLength: 2 }), value: 'abc', problem: 'maxLength:' },
    { title: 'a full pattern match', rule: rule({ pattern: '[a-z]+' }), value: 'abc' },
    {
      title: 'a partial pattern match',
      rule: rule({ pattern: '[a-z]+' }),
      value: 'abc1',
      problem: 'pattern:',
    },
    {
      title: 'an alternation matched whole',
      rule: rule({ pattern: 'a|b' }),
      value: 'ab',
      problem: 'pattern:',
    },
    { title: 'an allowed value', rule: rule({ allowedValues: ['a', 'b'] }), value: 'b' },
    {
      title: 'another value',
      rule: rule({ allowedValues: ['a', 'b'] }),
      value: 'c',
      problem: 'allowedValues:',
    },
  ])('$title', ({ rule: r, value, problem }) => {
    const found = propertyValueProblem(r, value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
