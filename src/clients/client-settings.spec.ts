import {
  compatOf,
  DEFAULT_CLIENT_SETTINGS,
  effectiveSettings,
  mergeOverrides,
  type ClientSettings,
  type ClientSettingsOverrides,
} from './client-settings';

const ALL_OFF = {
  booleanStrings: false,
  filteredPathCreatesElement: false,
  pathlessDottedKeys: false,
  uniqueTypePerMultiValue: false,
};

describe('DEFAULT_CLIENT_SETTINGS', () => {
  it('holds the documented defaults', () => {
    expect(DEFAULT_CLIENT_SETTINGS).toMatchObject({
      defaultPageSize: 10,
      maxPageSize: 1000,
      patchReturnsResource: true,
      strictRfc: false,
      defaultUnitExtId: null,
      mandatoryAttributes: [],
      compat: { booleanStrings: true, filteredPathCreatesElement: true, pathlessDottedKeys: true },
    });
    expect(DEFAULT_CLIENT_SETTINGS.defaultPageSize).toBeLessThanOrEqual(DEFAULT_CLIENT_SETTINGS.maxPageSize);
  });
});

describe('effectiveSettings', () => {
  it('gives the defaults for no overrides', () => {
    expect(effectiveSettings({})).toEqual(DEFAULT_CLIENT_SETTINGS);
  });

  it.each<{ title: string; overrides: ClientSettingsOverrides; expected: Partial<ClientSettings> }>([
    {
      title: 'a scalar override',
      overrides: { maxPageSize: 50 },
      expected: { maxPageSize: 50, defaultPageSize: 10 },
    },
    {
      title: 'one compat member, keeping the other compat defaults',
      overrides: { compat: { booleanStrings: false } },
      expected: { compat: { ...DEFAULT_CLIENT_SETTINGS.compat, booleanStrings: false } },
    },
    {
      title: 'one password policy member, keeping the other defaults',
      overrides: { passwordPolicy: { minLength: 12 } },
      expected: { passwordPolicy: { ...DEFAULT_CLIENT_SETTINGS.passwordPolicy, minLength: 12 } },
    },
    {
      title: 'the mandatory attributes',
      overrides: { mandatoryAttributes: ['emails'] },
      expected: { mandatoryAttributes: ['emails'] },
    },
    { title: 'a default unit', overrides: { defaultUnitExtId: 'u1' }, expected: { defaultUnitExtId: 'u1' } },
    { title: 'strict RFC mode', overrides: { strictRfc: true }, expected: { strictRfc: true } },
  ])('applies $title on top of the defaults', ({ overrides, expected }) => {
    expect(effectiveSettings(overrides)).toEqual({ ...DEFAULT_CLIENT_SETTINGS, ...expected });
  });

  it('returns objects that do not share mutable state with the defaults', () => {
    const settings = effectiveSettings({});
    settings.compat.booleanStrings = false;
    settings.passwordPolicy.minLength = 99;
    settings.mandatoryAttributes.push('emails');
    expect(DEFAULT_CLIENT_SETTINGS.compat.booleanStrings).toBe(true);
    expect(DEFAULT_CLIENT_SETTINGS.passwordPolicy.minLength).toBe(8);
    expect(DEFAULT_CLIENT_SETTINGS.mandatoryAttributes).toEqual([]);
    expect(effectiveSettings({})).toEqual(DEFAULT_CLIENT_SETTINGS);
  });
});

describe('mergeOverrides', () => {
  it.each<{
    title: string;
    current: ClientSettingsOverrides;
    change: Record<string, unknown>;
    expected: ClientSettingsOverrides;
  }>([
    { title: 'adds a scalar', current: {}, change: { maxPageSize: 50 }, expected: { maxPageSize: 50 } },
    {
      title: 'replaces a scalar and keeps the others',
      current: { maxPageSize: 50, defaultPageSize: 5 },
      change: { maxPageSize: 60 },
      expected: { maxPageSize: 60, defaultPageSize: 5 },
    },
    {
      title: 'ignores undefined members',
      current: { maxPageSize: 50 },
      change: { maxPageSize: undefined },
      expected: { maxPageSize: 50 },
    },
    {
      title: 'resets a scalar to its default with null',
      current: { maxPageSize: 50 },
      change: { maxPageSize: null },
      expected: {},
    },
    {
      title: 'merges compat member by member',
      current: { compat: { booleanStrings: false } },
      change: { compat: { pathlessDottedKeys: false } },
      expected: { compat: { booleanStrings: false, pathlessDottedKeys: false } },
    },
    {
      title: 'merges the password policy member by member',
      current: { passwordPolicy: { minLength: 12 } },
      change: { passwordPolicy: { requireDigit: true } },
      expected: { passwordPolicy: { minLength: 12, requireDigit: true } },
    },
    {
      title: 'resets a whole nested object with null',
      current: { compat: { booleanStrings: false }, maxPageSize: 5 },
      change: { compat: null },
      expected: { maxPageSize: 5 },
    },
    {
      title: 'keeps a null default unit (null is its "none")',
      current: { defaultUnitExtId: 'u1' },
      change: { defaultUnitExtId: null },
      expected: { defaultUnitExtId: null },
    },
    {
      title: 'replaces the mandatory attributes as a whole',
      current: { mandatoryAttributes: ['emails', 'name.familyName'] },
      change: { mandatoryAttributes: ['name.givenName'] },
      expected: { mandatoryAttributes: ['name.givenName'] },
    },
  ])('$title', ({ current, change, expected }) => {
    expect(mergeOverrides(current, change)).toEqual(expected);
  });

  it('ignores undefined members inside nested objects (validated DTOs carry every declared member)', () => {
    const change = { compat: { booleanStrings: undefined, pathlessDottedKeys: false } };
    expect(mergeOverrides({ compat: { booleanStrings: false } }, change)).toEqual({
      compat: { booleanStrings: false, pathlessDottedKeys: false },
    });
  });

  it('does not change the current overrides', () => {
    const current: ClientSettingsOverrides = { compat: { booleanStrings: false }, maxPageSize: 5 };
    const copy = structuredClone(current);
    mergeOverrides(current, { compat: { pathlessDottedKeys: false }, maxPageSize: null });
    expect(current).toEqual(copy);
  });

  it('resets a nested member to its default with null', () => {
    const merged = mergeOverrides(
      { compat: { booleanStrings: false } },
      { compat: { booleanStrings: null } },
    );
    expect(effectiveSettings(merged).compat.booleanStrings).toBe(true);
    const policy = mergeOverrides(
      { passwordPolicy: { minLength: 12 } },
      { passwordPolicy: { minLength: null } },
    );
    expect(effectiveSettings(policy).passwordPolicy.minLength).toBe(8);
  });
});

describe('compatOf', () => {
  it('gives the client compat switches outside strict mode', () => {
    const settings = effectiveSettings({ compat: { booleanStrings: false, uniqueTypePerMultiValue: true } });
    expect(compatOf(settings)).toEqual({
      ...DEFAULT_CLIENT_SETTINGS.compat,
      booleanStrings: false,
      uniqueTypePerMultiValue: true,
    });
  });

  it.each<ClientSettingsOverrides['compat']>([
    {},
    {
      booleanStrings: true,
      filteredPathCreatesElement: true,
      pathlessDottedKeys: true,
      uniqueTypePerMultiValue: true,
    },
  ])('turns every tolerance off in strict RFC mode (compat %j)', (compat) => {
    expect(compatOf(effectiveSettings({ strictRfc: true, compat }))).toEqual(ALL_OFF);
  });
});
