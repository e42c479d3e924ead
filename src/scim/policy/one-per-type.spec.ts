import { createDefaultRegistry } from '../schema/resource-types';
import { URN } from '../schema/urns';
import { onePerType } from './one-per-type';

const registry = createDefaultRegistry();

describe('onePerType (compat.uniqueTypePerMultiValue)', () => {
  it.each([
    {
      name: 'keeps the last element of each type, in order',
      emails: [
        { value: 'a@x', type: 'work' },
        { value: 'b@x', type: 'home' },
        { value: 'c@x', type: 'work' },
      ],
      expected: [
        { value: 'b@x', type: 'home' },
        { value: 'c@x', type: 'work' },
      ],
    },
    {
      name: 'compares types case-insensitively',
      emails: [
        { value: 'a@x', type: 'Work' },
        { value: 'c@x', type: 'work' },
      ],
      expected: [{ value: 'c@x', type: 'work' }],
    },
    {
      name: 'keeps every element without a type',
      emails: [{ value: 'a@x' }, { value: 'b@x' }, { value: 'c@x', type: 'work' }],
      expected: [{ value: 'a@x' }, { value: 'b@x' }, { value: 'c@x', type: 'work' }],
    },
  ])('$name', ({ emails, expected }) => {
    const input = { userName: 'u', emails };
    const out = onePerType(registry, 'User', input);
    expect(out.emails).toEqual(expected);
    expect(input.emails).toBe(emails);
  });

  it('applies to every multi-valued attribute of the core schema, never to extensions', () => {
    const credentials = [{ type: 'MTAN' }, { type: 'MTAN' }];
    const out = onePerType(registry, 'User', {
      phoneNumbers: [
        { value: '1', type: 'mobile' },
        { value: '2', type: 'mobile' },
      ],
      addresses: [
        { type: 'work', locality: 'A' },
        { type: 'work', locality: 'B' },
      ],
      [URN.nevisUser]: { credentials },
    });
    expect(out.phoneNumbers).toEqual([{ value: '2', type: 'mobile' }]);
    expect(out.addresses).toEqual([{ type: 'work', locality: 'B' }]);
    expect((out[URN.nevisUser] as { credentials: unknown }).credentials).toBe(credentials);
  });
});
