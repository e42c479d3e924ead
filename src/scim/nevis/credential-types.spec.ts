import { ScimError } from '../errors/scim-error';
import type { AttributeDef } from '../schema/schema.types';
import {
  CREDENTIAL_OUTPUTS,
  CREDENTIAL_RULES,
  CREDENTIAL_STATES,
  CREDENTIAL_SUB_ATTRIBUTES,
  CREDENTIAL_TYPES,
  certificateFacts,
  checkCredentials,
  generateOath,
  generateOtpCardNumber,
  generateRecoveryCodes,
  generateTemporaryPassword,
  generateTicket,
  generateUrlTicket,
  type CredentialType,
} from './credential-types';
import { OPENSSL, PEM } from '../../../test/support/certificate.fixture';

/** When set, `randomBytes` returns these bytes (a known-answer test of the base32 encoding). */
let mockBytes: Buffer | undefined;
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, randomBytes: (size: number) => mockBytes ?? actual.randomBytes(size) };
});

/** A valid element of every type, with every type-specific input attribute set. */
const VALID: Record<CredentialType, Record<string, unknown>> = {
  PASSWORD: { type: 'PASSWORD', password: 'Secret-123' },
  CONTEXT_PASSWORD: { type: 'CONTEXT_PASSWORD', context: 'vpn', password: 'Secret-123' },
  DEVICE_PASSWORD: { type: 'DEVICE_PASSWORD', password: 'Secret-123' },
  TEMP_STRONG_PASSWORD: { type: 'TEMP_STRONG_PASSWORD', password: 'Secret-123' },
  GENERIC: { type: 'GENERIC', identification: 'badge-42' },
  CERTIFICATE: { type: 'CERTIFICATE', certificate: PEM },
  SECURID_ACCOUNT: { type: 'SECURID_ACCOUNT', username: 'alice' },
  SAFEWORD_ACCOUNT: { type: 'SAFEWORD_ACCOUNT', username: 'alice' },
  KERBEROS: { type: 'KERBEROS', kerberosId: 'alice@EXAMPLE.COM' },
  MTAN: { type: 'MTAN', mobileNumber: '+41791234567' },
  MOBILE_SIGNATURE: {
    type: 'MOBILE_SIGNATURE',
    identificator: 'id-1',
    msspIdentifier: 'mssp',
    msisdn: '+41791234567',
    signerCertificate: PEM,
  },
  OTP: { type: 'OTP' },
  OATH: { type: 'OATH', label: 'alice@example.com' },
  FIDO2: {
    type: 'FIDO2',
    userFriendlyName: 'YubiKey',
    credentialId: 'AAECAw',
    publicKey: 'pQECAyYgASFYIA-_',
    aaguid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    signCount: 3,
  },
  FIDO_UAF: { type: 'FIDO_UAF', userFriendlyName: 'Phone', keyId: 'k-1', aaid: '4E4E#4005', publicKey: 'pk' },
  PUK: { type: 'PUK', puk: '12345678' },
  RECOVERY_CODE: { type: 'RECOVERY_CODE' },
  SAML_FEDERATION: {
    type: 'SAML_FEDERATION',
    subjectNameId: 'alice',
    subjectNameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    issuerNameId: 'https://idp.example.com',
    issuerNameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  },
  TICKET: { type: 'TICKET', identification: 'alice', context: 'onboarding' },
  URL_TICKET: { type: 'URL_TICKET', identification: 'alice', urlPrefix: 'https://example.com/t?ticket=' },
  VASCO: { type: 'VASCO', tokens: [{ authMode: 'RO', data: 'AAECAwQ=' }] },
  SECURITY_QUESTIONS: { type: 'SECURITY_QUESTIONS', questions: [{ question: 'Pet?', answer: 'Rex' }] },
};

const P = 'credentials';

/** Runs `fn` and returns the ScimError it throws (fails when it throws something else or nothing). */
function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, nothing was thrown');
}

function check(...list: Record<string, unknown>[]): void {
  checkCredentials(list, P);
}

function subAttribute(name: string): AttributeDef | undefined {
  return CREDENTIAL_SUB_ATTRIBUTES.find((a) => a.name === name);
}

/** Every attribute of a tree, with its path. */
function* walk(defs: readonly AttributeDef[], prefix = ''): Generator<[string, AttributeDef]> {
  for (const d of defs) {
    yield [prefix + d.name, d];
    if (d.subAttributes) yield* walk(d.subAttributes, `${prefix}${d.name}.`);
  }
}

describe('credential vocabulary', () => {
  it('has the 22 type tokens of the USER-SCHEMA.md §3.1 table, each once', () => {
    expect(CREDENTIAL_TYPES).toHaveLength(22);
    expect(new Set(CREDENTIAL_TYPES).size).toBe(22);
    expect(Object.keys(CREDENTIAL_RULES).sort()).toEqual([...CREDENTIAL_TYPES].sort());
    expect(Object.keys(CREDENTIAL_OUTPUTS).sort()).toEqual([...CREDENTIAL_TYPES].sort());
  });

  it.each(CREDENTIAL_TYPES)('%s: required and secret attributes are among its attributes', (type) => {
    const rule = CREDENTIAL_RULES[type];
    for (const name of [...rule.required, ...rule.secrets]) expect(rule.attributes).toContain(name);
  });

  it('states every maximum of the table', () => {
    const maxima = Object.fromEntries(
      CREDENTIAL_TYPES.filter((t) => CREDENTIAL_RULES[t].max !== undefined).map((t) => [
        t,
        CREDENTIAL_RULES[t].max,
      ]),
    );
    expect(maxima).toEqual({
      PASSWORD: 1,
      TEMP_STRONG_PASSWORD: 1,
      SECURID_ACCOUNT: 1,
      MOBILE_SIGNATURE: 1,
      OTP: 2,
      RECOVERY_CODE: 1,
      TICKET: 1,
      URL_TICKET: 1,
    });
  });

  it('keeps read-only derived values out of the input attributes', () => {
    expect(CREDENTIAL_RULES.CERTIFICATE.attributes).toEqual(['certificate']);
    expect(CREDENTIAL_RULES.OTP.attributes).toEqual([]);
  });
});

describe('CREDENTIAL_SUB_ATTRIBUTES', () => {
  it('has unique names', () => {
    const names = CREDENTIAL_SUB_ATTRIBUTES.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('defines every attribute and output a type names', () => {
    for (const type of CREDENTIAL_TYPES) {
      for (const name of [...CREDENTIAL_RULES[type].attributes, ...CREDENTIAL_OUTPUTS[type]]) {
        expect([type, subAttribute(name)?.name]).toEqual([type, name]);
      }
    }
  });

  it('makes secrets write-only and never returned', () => {
    const secrets = [...CREDENTIAL_TYPES.flatMap((t) => CREDENTIAL_RULES[t].secrets), 'questions.answer'];
    const all = new Map(walk(CREDENTIAL_SUB_ATTRIBUTES));
    for (const name of secrets) {
      expect([name, all.get(name)?.mutability, all.get(name)?.returned]).toEqual([
        name,
        'writeOnly',
        'never',
      ]);
    }
  });

  it('makes derived values and one-time outputs read-only and returned by default', () => {
    for (const name of CREDENTIAL_TYPES.flatMap((t) => CREDENTIAL_OUTPUTS[t])) {
      expect([name, subAttribute(name)?.mutability, subAttribute(name)?.returned]).toEqual([
        name,
        'readOnly',
        'default',
      ]);
    }
    for (const name of ['otpauthUri', 'codes', 'ticket', 'url']) {
      expect(subAttribute(name)?.description).toContain(
        'returned once, in the response that created the credential',
      );
    }
    expect(subAttribute('codes')?.multiValued).toBe(true);
  });

  it('bounds every string attribute', () => {
    const unbounded = [...walk(CREDENTIAL_SUB_ATTRIBUTES)]
      .filter(([, d]) => (d.type === 'string' || d.type === 'reference') && d.limits?.maxLength === undefined)
      .map(([path]) => path);
    expect(unbounded).toEqual([]);
  });

  it('describes type, state, extId, certificate and loginInfo as the contract says', () => {
    expect(subAttribute('type')).toMatchObject({
      required: true,
      caseExact: true,
      mutability: 'immutable',
      canonicalValues: CREDENTIAL_TYPES,
      limits: { enforceCanonical: true },
    });
    expect(subAttribute('state')).toMatchObject({
      canonicalValues: CREDENTIAL_STATES,
      limits: { enforceCanonical: true },
    });
    expect(subAttribute('extId')).toMatchObject({
      caseExact: true,
      mutability: 'immutable',
      limits: { maxLength: 64 },
    });
    expect(subAttribute('certificate')).toMatchObject({
      mutability: 'immutable',
      limits: { maxLength: 16384 },
    });
    const success = subAttribute('loginInfo')?.subAttributes?.find((a) => a.name === 'success');
    expect(success).toMatchObject({ type: 'boolean', mutability: 'writeOnly', returned: 'never' });
    expect(subAttribute('properties')).toMatchObject({ type: 'complex' });
    // An open map: no definitions in the global schema, members kept for the service to check.
    expect(subAttribute('properties')?.subAttributes).toEqual([]);
    expect(subAttribute('properties')?.limits?.open).toBe(true);
  });
});

describe('checkCredentials', () => {
  it('accepts a valid element of every type, together', () => {
    expect(() => checkCredentials(Object.values(VALID), P)).not.toThrow();
  });

  it('accepts an empty list', () => {
    expect(() => check()).not.toThrow();
  });

  it.each([
    [{}, 'credentials[0].type is required'],
    [{ type: 'SMARTCARD' }, 'credentials[0].type must be one of'],
    [{ type: 42 }, 'credentials[0].type must be one of'],
  ])('refuses a missing or unknown type %j', (element, detail) => {
    const error = scimErrorOf(() => check(element));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(error.detail).toContain(detail);
  });

  const requiredCases = CREDENTIAL_TYPES.flatMap((type) =>
    CREDENTIAL_RULES[type].required.map((name) => [type, name] as const),
  );
  it.each(requiredCases)('%s without %s: 400 naming the path', (type, name) => {
    const element = { ...VALID[type] };
    delete element[name];
    const error = scimErrorOf(() => check(VALID.PASSWORD, element));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(error.detail).toContain(`credentials[1].${name}`);
  });

  it('treats a blank required string as missing', () => {
    expect(scimErrorOf(() => check({ type: 'KERBEROS', kerberosId: '  ' })).detail).toContain(
      'credentials[0].kerberosId is required',
    );
  });

  /** For each type, an attribute it does not own with a value of another type's valid element. */
  const foreignCases = CREDENTIAL_TYPES.map((type) => {
    const owned = new Set([...CREDENTIAL_RULES[type].attributes, ...CREDENTIAL_OUTPUTS[type]]);
    const donor = CREDENTIAL_TYPES.find((t) => CREDENTIAL_RULES[t].attributes.some((a) => !owned.has(a)))!;
    const name = CREDENTIAL_RULES[donor].attributes.find((a) => !owned.has(a))!;
    return [type, name, VALID[donor][name]] as const;
  });
  it.each(foreignCases)(
    '%s with %s (an attribute of another type): 400 naming path and type',
    (type, name, value) => {
      const error = scimErrorOf(() => check({ ...VALID[type], [name]: value }));
      expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
      expect(error.detail).toContain(`credentials[0].${name}`);
      expect(error.detail).toContain(`${type} credential`);
    },
  );

  it('refuses a read-only output of another type', () => {
    expect(scimErrorOf(() => check({ type: 'PASSWORD', subjectDN: 'CN=x' })).detail).toContain(
      'credentials[0].subjectDN is not an attribute of a PASSWORD credential',
    );
  });

  it('accepts a shared attribute on each of its owners', () => {
    expect(() =>
      check(
        { type: 'CONTEXT_PASSWORD', context: 'a' },
        { type: 'TICKET', context: 'a' },
        { type: 'GENERIC', identification: 'x' },
      ),
    ).not.toThrow();
  });

  describe('E.164 numbers', () => {
    it.each(['+41791234567', '+12', '+123456789012345', '+4915112345678'])('accepts %s', (number) => {
      expect(() => check({ type: 'MTAN', mobileNumber: number })).not.toThrow();
      expect(() => check({ type: 'MOBILE_SIGNATURE', msisdn: number })).not.toThrow();
    });

    it.each([
      '0791234567',
      '+0791234567',
      '+1',
      '+1234567890123456',
      '+41 79 123 45 67',
      '41791234567',
      '+41-79',
      '++41',
    ])('refuses %s', (number) => {
      const mtan = scimErrorOf(() => check({ type: 'MTAN', mobileNumber: number }));
      expect([mtan.status, mtan.scimType]).toEqual([400, 'invalidValue']);
      expect(mtan.detail).toContain('credentials[0].mobileNumber');
      const sig = scimErrorOf(() => check({ type: 'MOBILE_SIGNATURE', msisdn: number }));
      expect(sig.status).toBe(400);
      expect(sig.detail).toContain('credentials[0].msisdn');
    });
  });

  describe('certificates', () => {
    // The last line of the body cut off: the DER ends inside the signature.
    const truncated = PEM.replace('iNddW6HuNBY1Mp20ig==\n', '');
    it.each([
      ['not PEM at all', 'hello'],
      ['a PEM of another kind', PEM.replace(/CERTIFICATE/g, 'PUBLIC KEY')],
      ['a truncated body', truncated],
      ['a body that is not base64', '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'],
    ])('refuses %s: 400 naming the path', (_label, certificate) => {
      const error = scimErrorOf(() => check(VALID.PASSWORD, { type: 'CERTIFICATE', certificate }));
      expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
      expect(error.detail).toContain('credentials[1].certificate');
      expect(certificateFacts(certificate)).toBeUndefined();
    });

    it('reads the facts openssl printed', () => {
      const facts = certificateFacts(PEM);
      expect(facts).toEqual({
        subjectDN: OPENSSL.subject.replace(/ = /g, '='),
        issuerDN: OPENSSL.subject.replace(/ = /g, '='),
        serialNumber: OPENSSL.serial,
        fingerprintSha256: OPENSSL.sha256.replace(/:/g, '').toLowerCase(),
        notBefore: new Date(OPENSSL.notBefore).toISOString(),
        notAfter: new Date(OPENSSL.notAfter).toISOString(),
      });
      expect(facts?.subjectDN).toContain('CN=alice.example');
      expect(facts?.notAfter).toBe('2036-11-24T07:39:36.000Z');
    });

    it('accepts CRLF line ends and surrounding white space', () => {
      expect(certificateFacts(`\n  ${PEM.replace(/\n/g, '\r\n')}  `)?.serialNumber).toBe(OPENSSL.serial);
    });
  });

  describe('VASCO tokens', () => {
    it.each([
      [[], 'credentials[0].tokens is required'],
      [[{ data: 'AAEC' }], 'credentials[0].tokens[0].authMode is required'],
      [[{ authMode: 'RO' }], 'credentials[0].tokens[0].data is required'],
      [
        [
          { authMode: 'RO', data: 'AAEC' },
          { authMode: 'CR', data: 'not base64!' },
        ],
        'credentials[0].tokens[1].data must be base64',
      ],
      [[{ authMode: 'RO', data: 'AAECA' }], 'credentials[0].tokens[0].data must be base64'],
      [['AAEC'], 'credentials[0].tokens[0] must be an object'],
    ])('refuses %j', (tokens, detail) => {
      const error = scimErrorOf(() => check({ type: 'VASCO', tokens }));
      expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
      expect(error.detail).toContain(detail);
    });
  });

  describe('security questions', () => {
    it.each([
      [[], 'credentials[0].questions is required'],
      [[{ answer: 'Rex' }], 'credentials[0].questions[0].question is required'],
      [
        [{ question: 'Pet?', answer: 'Rex' }, { question: 'City?' }],
        'credentials[0].questions[1].answer is required',
      ],
    ])('refuses %j', (questions, detail) => {
      const error = scimErrorOf(() => check({ type: 'SECURITY_QUESTIONS', questions }));
      expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
      expect(error.detail).toContain(detail);
    });
  });

  describe('FIDO2 publicKey', () => {
    it.each(['pQECAyYgASFYIA', 'a-_b', 'AAE'])('accepts base64url %s', (publicKey) => {
      expect(() => check({ type: 'FIDO2', publicKey })).not.toThrow();
    });

    it.each(['pQEC+yYg', 'pQEC/yYg', 'AAE=', 'A', 'has space'])('refuses %s', (publicKey) => {
      const error = scimErrorOf(() => check({ type: 'FIDO2', publicKey }));
      expect(error.status).toBe(400);
      expect(error.detail).toContain('credentials[0].publicKey');
    });

    it('does not require a publicKey', () => {
      expect(() => check({ type: 'FIDO2', userFriendlyName: 'Key' })).not.toThrow();
    });
  });

  describe('cardinality', () => {
    const limited = CREDENTIAL_TYPES.filter((t) => CREDENTIAL_RULES[t].max !== undefined).map(
      (t) => [t, CREDENTIAL_RULES[t].max!] as const,
    );

    it.each(limited)('accepts %s up to its maximum of %d', (type, max) => {
      const list = Array.from({ length: max }, () => VALID[type]);
      expect(() => checkCredentials([VALID.GENERIC, ...list], P)).not.toThrow();
    });

    it.each(limited)('refuses one %s more than %d: 422 naming the element', (type, max) => {
      const list = Array.from({ length: max + 1 }, () => VALID[type]);
      const error = scimErrorOf(() => checkCredentials([VALID.GENERIC, ...list], P));
      expect([error.status, error.scimType]).toEqual([422, 'invalidValue']);
      expect(error.detail).toContain(`credentials[${max + 1}]: a user has at most`);
      expect(error.detail).toContain(type);
    });

    it('words the limits', () => {
      expect(scimErrorOf(() => check(VALID.GENERIC, VALID.PASSWORD, VALID.PASSWORD)).detail).toBe(
        'credentials[2]: a user has at most one PASSWORD credential',
      );
      expect(scimErrorOf(() => check(VALID.OTP, VALID.OTP, VALID.OTP)).detail).toBe(
        'credentials[2]: a user has at most two OTP credentials',
      );
    });

    it('has no limit on the other types', () => {
      expect(() => check(VALID.DEVICE_PASSWORD, VALID.DEVICE_PASSWORD, VALID.DEVICE_PASSWORD)).not.toThrow();
      expect(() => check(VALID.OATH, VALID.OATH, VALID.OATH)).not.toThrow();
    });
  });

  describe('CONTEXT_PASSWORD contexts', () => {
    it('refuses two with the same context: 422', () => {
      const error = scimErrorOf(() =>
        check(
          { type: 'CONTEXT_PASSWORD', context: 'vpn' },
          { type: 'CONTEXT_PASSWORD', context: 'mail' },
          { type: 'CONTEXT_PASSWORD', context: 'vpn' },
        ),
      );
      expect([error.status, error.scimType]).toEqual([422, 'invalidValue']);
      expect(error.detail).toContain('credentials[2].context');
      expect(error.detail).toContain('credentials[0]');
    });

    it('accepts distinct contexts, and a TICKET sharing one', () => {
      expect(() =>
        check(
          { type: 'CONTEXT_PASSWORD', context: 'vpn' },
          { type: 'CONTEXT_PASSWORD', context: 'mail' },
          { type: 'TICKET', context: 'vpn' },
        ),
      ).not.toThrow();
    });
  });

  describe('extId', () => {
    it('refuses a duplicate: 409 uniqueness', () => {
      const error = scimErrorOf(() =>
        check(
          { ...VALID.GENERIC, extId: 'c-1' },
          { ...VALID.KERBEROS, extId: 'c-2' },
          { ...VALID.MTAN, extId: 'c-1' },
        ),
      );
      expect([error.status, error.scimType]).toEqual([409, 'uniqueness']);
      expect(error.detail).toBe("credentials[2].extId: 'c-1' is already used by credentials[0]");
    });

    it('compares extIds exactly', () => {
      expect(() =>
        check({ ...VALID.GENERIC, extId: 'c-1' }, { ...VALID.KERBEROS, extId: 'C-1' }),
      ).not.toThrow();
    });
  });
});

describe('generators', () => {
  afterEach(() => {
    mockBytes = undefined;
  });

  it('makes temporary passwords of 20 characters with every class', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword();
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });

  it('makes a 160-bit base32 OATH secret and its key URI', () => {
    const a = generateOath('alice@example.com', 'Example Bank');
    const b = generateOath('alice@example.com', 'Example Bank');
    expect(a.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(a.secret).not.toBe(b.secret);
    const uri = new URL(a.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Example Bank:alice@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: a.secret,
      issuer: 'Example Bank',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('encodes the OATH secret as RFC 4648 base32 (RFC 6238 test key)', () => {
    mockBytes = Buffer.from('12345678901234567890');
    expect(generateOath('a', 'b').secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('escapes the label and issuer, and drops an empty issuer', () => {
    const tricky = generateOath('a:b&c=d', 'X&Y');
    expect(tricky.otpauthUri).toContain('/totp/X%26Y:a%3Ab%26c%3Dd?');
    expect(new URL(tricky.otpauthUri).searchParams.get('issuer')).toBe('X&Y');
    const bare = generateOath('alice', '');
    expect(bare.otpauthUri).toMatch(/^otpauth:\/\/totp\/alice\?secret=[A-Z2-7]{32}&algorithm=SHA1/);
    expect(bare.otpauthUri).not.toContain('issuer=');
  });

  it('makes 16 distinct recovery codes of 60 bits', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(16);
    expect(new Set(codes).size).toBe(16);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(generateRecoveryCodes()).not.toEqual(codes);
  });

  it('makes 256-bit base64url tickets', () => {
    const ticket = generateTicket();
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(ticket, 'base64url')).toHaveLength(32);
    expect(generateTicket()).not.toBe(ticket);
  });

  it.each(['https://example.com/login?ticket=', 'https://example.com/t/', 'https://example.com/t?'])(
    'appends the URL ticket to %s',
    (prefix) => {
      const { ticket, url } = generateUrlTicket(prefix);
      expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url).toBe(prefix + ticket);
      expect(generateUrlTicket(prefix).ticket).not.toBe(ticket);
    },
  );

  it('makes 12-digit OTP card numbers', () => {
    const numbers = Array.from({ length: 50 }, () => generateOtpCardNumber());
    for (const n of numbers) expect(n).toMatch(/^[1-9][0-9]{11}$/);
    expect(new Set(numbers).size).toBe(50);
  });
});
