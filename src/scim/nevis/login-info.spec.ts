import { recordLoginEvent, settleLoginInfo, type LoginInfo } from './login-info';

const now = new Date('2025-03-04T05:06:07.089Z');
const earlier = '2024-12-31T23:59:59.000Z';

describe('recordLoginEvent', () => {
  it.each<{ title: string; info: LoginInfo | undefined; success: boolean; expected: LoginInfo }>([
    {
      title: 'a first success on no loginInfo',
      info: undefined,
      success: true,
      expected: { lastLogin: '2025-03-04T05:06:07.089Z', successfulLoginCount: 1 },
    },
    {
      title: 'a first failure on no loginInfo',
      info: undefined,
      success: false,
      expected: { lastLoginFailure: '2025-03-04T05:06:07.089Z', failedLoginCount: 1 },
    },
    {
      title: 'a success on an empty object',
      info: {},
      success: true,
      expected: { lastLogin: '2025-03-04T05:06:07.089Z', successfulLoginCount: 1 },
    },
    {
      title: 'a success that keeps the failure data',
      info: { lastLogin: earlier, lastLoginFailure: earlier, successfulLoginCount: 4, failedLoginCount: 2 },
      success: true,
      expected: {
        lastLogin: '2025-03-04T05:06:07.089Z',
        lastLoginFailure: earlier,
        successfulLoginCount: 5,
        failedLoginCount: 2,
      },
    },
    {
      title: 'a failure that keeps the success data',
      info: { lastLogin: earlier, lastLoginFailure: earlier, successfulLoginCount: 4, failedLoginCount: 2 },
      success: false,
      expected: {
        lastLogin: earlier,
        lastLoginFailure: '2025-03-04T05:06:07.089Z',
        successfulLoginCount: 4,
        failedLoginCount: 3,
      },
    },
    {
      title: 'a failure with only the success counter present',
      info: { successfulLoginCount: 9 },
      success: false,
      expected: {
        successfulLoginCount: 9,
        lastLoginFailure: '2025-03-04T05:06:07.089Z',
        failedLoginCount: 1,
      },
    },
    {
      title: 'a success from a zero counter',
      info: { successfulLoginCount: 0 },
      success: true,
      expected: { lastLogin: '2025-03-04T05:06:07.089Z', successfulLoginCount: 1 },
    },
  ])('records $title', ({ info, success, expected }) => {
    expect(recordLoginEvent(info, success, now)).toEqual(expected);
  });

  it('returns a new object and leaves its input alone', () => {
    const info: LoginInfo = { successfulLoginCount: 1, lastLogin: earlier };
    const result = recordLoginEvent(info, true, now);
    expect(result).not.toBe(info);
    expect(info).toEqual({ successfulLoginCount: 1, lastLogin: earlier });
  });

  it('writes milliseconds even when they are zero', () => {
    expect(recordLoginEvent(undefined, true, new Date(Date.UTC(2025, 0, 1))).lastLogin).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });
});

describe('settleLoginInfo', () => {
  it.each<{ title: string; value: unknown; expected: LoginInfo | undefined }>([
    {
      title: 'records a success and drops the member',
      value: { success: true },
      expected: { lastLogin: '2025-03-04T05:06:07.089Z', successfulLoginCount: 1 },
    },
    {
      title: 'records a failure on top of existing data',
      value: { lastLogin: earlier, successfulLoginCount: 3, failedLoginCount: 1, success: false },
      expected: {
        lastLogin: earlier,
        successfulLoginCount: 3,
        lastLoginFailure: '2025-03-04T05:06:07.089Z',
        failedLoginCount: 2,
      },
    },
    {
      title: 'matches success case-insensitively',
      value: { SUCCESS: true, successfulLoginCount: 7 },
      expected: { lastLogin: '2025-03-04T05:06:07.089Z', successfulLoginCount: 8 },
    },
    {
      title: 'records one event when success is given twice',
      value: { success: false, Success: false },
      expected: { lastLoginFailure: '2025-03-04T05:06:07.089Z', failedLoginCount: 1 },
    },
    {
      title: 'returns an object without success unchanged',
      value: { lastLogin: earlier, failedLoginCount: 4 },
      expected: { lastLogin: earlier, failedLoginCount: 4 },
    },
    {
      title: 'drops a non-boolean success without recording',
      value: { success: 'true', successfulLoginCount: 2 },
      expected: { successfulLoginCount: 2 },
    },
    { title: 'drops a null success', value: { success: null }, expected: {} },
    { title: 'keeps an empty object', value: {}, expected: {} },
    { title: 'rejects null', value: null, expected: undefined },
    { title: 'rejects undefined', value: undefined, expected: undefined },
    { title: 'rejects an array', value: [{ success: true }], expected: undefined },
    { title: 'rejects a boolean', value: true, expected: undefined },
    { title: 'rejects a string', value: 'success', expected: undefined },
    { title: 'rejects a number', value: 1, expected: undefined },
  ])('$title', ({ value, expected }) => {
    const result = settleLoginInfo(value, now);
    expect(result).toEqual(expected);
    if (result) expect(Object.keys(result).map((k) => k.toLowerCase())).not.toContain('success');
  });

  it('does not modify the PATCHed object', () => {
    const value = { success: true, successfulLoginCount: 1 };
    settleLoginInfo(value, now);
    expect(value).toEqual({ success: true, successfulLoginCount: 1 });
  });
});
