import { URN } from '../scim/schema/urns';
import { unchangedParts } from './unchanged-parts';

const N = URN.nevisUser;
const base = {
  userName: 'u',
  emails: [{ value: 'a@x' }],
  roles: [{ value: 'r' }],
  [N]: {
    credentials: [{ extId: 'c', type: 'MTAN', mobileNumber: '+41791234567' }],
    profiles: [{ extId: 'p', unitExtId: 'hq' }],
    properties: { costCenter: '1' },
    loginInfo: { successfulLoginCount: 1 },
  },
};
const withNevis = (change: Record<string, unknown>) => ({ ...base, [N]: { ...base[N], ...change } });

describe('unchangedParts (what a PATCH need not rewrite)', () => {
  it('everything, for the same user', () => {
    const parts = unchangedParts(base, structuredClone(base));
    expect([...parts.core].sort()).toEqual(['addresses', 'emails', 'multiValues', 'phoneNumbers']);
    expect([...parts.nevis].sort()).toEqual(['credentials', 'loginInfo', 'profiles', 'properties']);
  });

  it.each([
    ['an email', { ...base, emails: [{ value: 'b@x' }] }, ['emails'], []],
    ['a role', { ...base, roles: [] }, ['multiValues'], []],
    ['a new core password', { ...base, password: 'x' }, [], ['credentials', 'properties']],
    ['a credential', withNevis({ credentials: [] }), [], ['credentials', 'properties']],
    [
      'a profile',
      withNevis({ profiles: [{ extId: 'p', unitExtId: 'sales' }] }),
      [],
      ['profiles', 'properties'],
    ],
    ['a user property', withNevis({ properties: { costCenter: '2' } }), [], ['properties']],
    [
      'a login event',
      withNevis({ loginInfo: { successfulLoginCount: 1, success: true } }),
      [],
      ['loginInfo'],
    ],
  ])('%s changes only its own tables', (_name, after, core, nevis) => {
    const parts = unchangedParts(base, after);
    const all = {
      core: ['emails', 'phoneNumbers', 'addresses', 'multiValues'],
      nevis: ['credentials', 'profiles', 'properties', 'loginInfo'],
    };
    expect(all.core.filter((p) => !parts.core.has(p as never))).toEqual(core);
    expect(all.nevis.filter((p) => !parts.nevis.has(p as never))).toEqual(nevis);
  });
});
