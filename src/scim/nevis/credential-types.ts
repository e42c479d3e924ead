import { randomBytes, randomInt, X509Certificate } from 'node:crypto';
import { ScimError } from '../errors/scim-error';
import { attr, complex, type AttributeDef } from '../schema/schema.types';
import { LEN } from '../schema/user.schema';
import { LOGIN_INFO, propertiesAttribute } from './nevis-attributes';

/**
 * The nevisIDM credential model (USER-SCHEMA.md §3.1): the type tokens, the per-type attribute rules, the
 * sub-attributes of `credentials` served at /Schemas, the validation of a credential list, and the
 * generators of the one-time values the server hands out. Pure: storage and hashing live elsewhere.
 */

/** The `type` tokens of USER-SCHEMA.md §3.1, in the order of its table. */
export const CREDENTIAL_TYPES = [
  'PASSWORD',
  'CONTEXT_PASSWORD',
  'DEVICE_PASSWORD',
  'TEMP_STRONG_PASSWORD',
  'GENERIC',
  'CERTIFICATE',
  'SECURID_ACCOUNT',
  'SAFEWORD_ACCOUNT',
  'KERBEROS',
  'MTAN',
  'MOBILE_SIGNATURE',
  'OTP',
  'OATH',
  'FIDO2',
  'FIDO_UAF',
  'PUK',
  'RECOVERY_CODE',
  'SAML_FEDERATION',
  'TICKET',
  'URL_TICKET',
  'VASCO',
  'SECURITY_QUESTIONS',
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const CREDENTIAL_STATES = [
  'initial',
  'active',
  'tmp-locked',
  'fail-locked',
  'reset-code',
  'admin-changed',
  'disabled',
  'archived',
] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

export interface CredentialTypeRule {
  /** The type-specific input sub-attributes (the common ones and read-only derived values excluded). */
  attributes: readonly string[];
  /** The input sub-attributes an element of this type must carry. */
  required: readonly string[];
  /** At most this many credentials of the type per user. */
  max?: number;
  /** At most one credential of the type per value of this sub-attribute. */
  uniqueBy?: 'context';
  /** Write-only inputs the service hashes before storing (never returned, never logged). */
  secrets: readonly string[];
  /**
   * The one-time value the server generates for a new credential and returns once, in the creating
   * response. For TEMP_STRONG_PASSWORD only when the request carries no `password`.
   */
  generated?: 'password' | 'otpauthUri' | 'codes' | 'ticket' | 'url';
}

const none: readonly string[] = [];

export const CREDENTIAL_RULES: Record<CredentialType, CredentialTypeRule> = {
  PASSWORD: { attributes: ['password'], required: none, max: 1, secrets: ['password'] },
  CONTEXT_PASSWORD: {
    attributes: ['context', 'password'],
    required: ['context'],
    uniqueBy: 'context',
    secrets: ['password'],
  },
  DEVICE_PASSWORD: { attributes: ['password'], required: none, secrets: ['password'] },
  TEMP_STRONG_PASSWORD: {
    attributes: ['password'],
    required: none,
    max: 1,
    secrets: ['password'],
    generated: 'password',
  },
  GENERIC: { attributes: ['identification'], required: ['identification'], secrets: none },
  CERTIFICATE: { attributes: ['certificate'], required: ['certificate'], secrets: none },
  SECURID_ACCOUNT: { attributes: ['username'], required: ['username'], max: 1, secrets: none },
  SAFEWORD_ACCOUNT: { attributes: ['username'], required: ['username'], secrets: none },
  KERBEROS: { attributes: ['kerberosId'], required: ['kerberosId'], secrets: none },
  MTAN: { attributes: ['mobileNumber'], required: ['mobileNumber'], secrets: none },
  MOBILE_SIGNATURE: {
    attributes: ['identificator', 'msspIdentifier', 'msisdn', 'signerCertificate'],
    required: ['msisdn'],
    max: 1,
    secrets: none,
  },
  OTP: { attributes: none, required: none, max: 2, secrets: none },
  OATH: { attributes: ['label'], required: ['label'], secrets: none, generated: 'otpauthUri' },
  FIDO2: {
    attributes: ['userFriendlyName', 'credentialId', 'publicKey', 'aaguid', 'signCount'],
    required: none,
    secrets: none,
  },
  FIDO_UAF: { attributes: ['userFriendlyName', 'keyId', 'aaid', 'publicKey'], required: none, secrets: none },
  PUK: { attributes: ['puk'], required: none, secrets: ['puk'] },
  RECOVERY_CODE: { attributes: none, required: none, max: 1, secrets: none, generated: 'codes' },
  SAML_FEDERATION: {
    attributes: ['subjectNameId', 'subjectNameIdFormat', 'issuerNameId', 'issuerNameIdFormat'],
    required: ['subjectNameId', 'subjectNameIdFormat', 'issuerNameId', 'issuerNameIdFormat'],
    secrets: none,
  },
  TICKET: {
    attributes: ['identification', 'context'],
    required: none,
    max: 1,
    secrets: none,
    generated: 'ticket',
  },
  URL_TICKET: {
    attributes: ['identification', 'urlPrefix'],
    required: none,
    max: 1,
    secrets: none,
    generated: 'url',
  },
  VASCO: { attributes: ['tokens'], required: ['tokens'], secrets: none },
  SECURITY_QUESTIONS: { attributes: ['questions'], required: ['questions'], secrets: none },
};

/**
 * The read-only type-specific sub-attributes per type: values derived from the input (the certificate's
 * facts, the OTP card number) and the one-time outputs. They belong to their type in responses and are
 * never input.
 */
export const CREDENTIAL_OUTPUTS: Record<CredentialType, readonly string[]> = {
  PASSWORD: none,
  CONTEXT_PASSWORD: none,
  DEVICE_PASSWORD: none,
  TEMP_STRONG_PASSWORD: none,
  GENERIC: none,
  CERTIFICATE: ['subjectDN', 'issuerDN', 'serialNumber', 'fingerprintSha256', 'notBefore', 'notAfter'],
  SECURID_ACCOUNT: none,
  SAFEWORD_ACCOUNT: none,
  KERBEROS: none,
  MTAN: none,
  MOBILE_SIGNATURE: none,
  OTP: ['cardNumber'],
  OATH: ['otpauthUri'],
  FIDO2: none,
  FIDO_UAF: none,
  PUK: none,
  RECOVERY_CODE: ['codes'],
  SAML_FEDERATION: none,
  TICKET: ['ticket'],
  URL_TICKET: ['url'],
  VASCO: none,
  SECURITY_QUESTIONS: none,
};

// ---------------------------------------------------------------------------------------------------------
// Schema (RFC 7643 §7)

const str = (name: string, description: string, maxLength: number, o: Partial<AttributeDef> = {}) =>
  attr(name, description, { limits: { maxLength }, ...o });
const readOnly = (name: string, description: string, maxLength: number, o: Partial<AttributeDef> = {}) =>
  str(name, description, maxLength, { mutability: 'readOnly', ...o });
const secret = (name: string, description: string, maxLength: number) =>
  str(name, description, maxLength, { mutability: 'writeOnly', returned: 'never', caseExact: true });
const oneTime = (name: string, what: string, maxLength: number, o: Partial<AttributeDef> = {}) =>
  readOnly(name, `${what}; returned once, in the response that created the credential.`, maxLength, {
    caseExact: true,
    ...o,
  });

/** Column sizes of the credential attributes (USER-SCHEMA.md §3.1 bounds every input). */
const CLEN = {
  pem: 16384,
  dn: 1024,
  key: 4096,
  e164: 16,
  fingerprint: 64,
  recoveryCode: 14,
  ticket: 64,
} as const;

export const CREDENTIAL_SUB_ATTRIBUTES: readonly AttributeDef[] = [
  // Common to every type.
  str(
    'extId',
    'Identifier of the credential, unique within its user; generated (UUID) when absent.',
    LEN.id,
    {
      caseExact: true,
      mutability: 'immutable',
    },
  ),
  attr('type', 'The credential type.', {
    required: true,
    caseExact: true,
    mutability: 'immutable',
    canonicalValues: CREDENTIAL_TYPES,
    limits: { enforceCanonical: true, maxLength: LEN.type },
  }),
  attr('state', 'The credential state; active when absent.', {
    canonicalValues: CREDENTIAL_STATES,
    limits: { enforceCanonical: true, maxLength: 16 },
  }),
  attr('validFrom', 'Start of the validity window of the credential.', { type: 'dateTime' }),
  attr('validTo', 'End of the validity window of the credential.', { type: 'dateTime' }),
  str('policyExtId', 'extId of the credential policy that applies.', LEN.short, { caseExact: true }),
  attr('created', 'When the credential was created.', { type: 'dateTime', mutability: 'readOnly' }),
  attr('lastModified', 'When the credential was last changed.', { type: 'dateTime', mutability: 'readOnly' }),
  LOGIN_INFO,
  propertiesAttribute('credential'),

  // Type-specific; CREDENTIAL_RULES says which type owns which.
  secret(
    'password',
    'The password (PASSWORD, CONTEXT_PASSWORD, DEVICE_PASSWORD, TEMP_STRONG_PASSWORD); write-only. A generated TEMP_STRONG_PASSWORD is returned once, in the response that created the credential.',
    LEN.password,
  ),
  str('context', 'The context of a CONTEXT_PASSWORD (one per context) or of a TICKET.', LEN.name, {
    caseExact: true,
    mutability: 'immutable',
  }),
  str('identification', 'Identification of a GENERIC, TICKET or URL_TICKET credential.', LEN.name, {
    caseExact: true,
  }),
  str('certificate', 'The X.509 certificate, PEM (CERTIFICATE).', CLEN.pem, {
    caseExact: true,
    mutability: 'immutable',
  }),
  readOnly('subjectDN', 'Subject DN of the certificate, parsed from the PEM.', CLEN.dn),
  readOnly('issuerDN', 'Issuer DN of the certificate, parsed from the PEM.', CLEN.dn),
  readOnly('serialNumber', 'Serial number of the certificate, upper-case hex.', CLEN.fingerprint),
  readOnly(
    'fingerprintSha256',
    'SHA-256 fingerprint of the DER certificate, lower-case hex.',
    CLEN.fingerprint,
    {
      caseExact: true,
    },
  ),
  attr('notBefore', 'Start of the certificate validity.', { type: 'dateTime', mutability: 'readOnly' }),
  attr('notAfter', 'End of the certificate validity.', { type: 'dateTime', mutability: 'readOnly' }),
  str('username', 'Account name of a SECURID_ACCOUNT or SAFEWORD_ACCOUNT.', LEN.name),
  str('kerberosId', 'Kerberos principal, e.g. user@REALM (KERBEROS).', LEN.name, { caseExact: true }),
  str('mobileNumber', 'Mobile number for mTAN, E.164 (+41791234567).', CLEN.e164),
  str('identificator', 'Identificator of a MOBILE_SIGNATURE.', LEN.name, { caseExact: true }),
  str('msspIdentifier', 'Identifier of the mobile signature service provider (MOBILE_SIGNATURE).', LEN.name, {
    caseExact: true,
  }),
  str('msisdn', 'Mobile number of a MOBILE_SIGNATURE, E.164.', CLEN.e164),
  str('signerCertificate', 'Signer certificate of a MOBILE_SIGNATURE, PEM.', CLEN.pem, { caseExact: true }),
  readOnly('cardNumber', 'Number of the OTP card, generated.', 32),
  str('label', 'Account label shown by the authenticator app (OATH).', LEN.name),
  str('userFriendlyName', 'Name the user gave the authenticator (FIDO2, FIDO_UAF).', LEN.name),
  str('credentialId', 'WebAuthn credential ID, base64url (FIDO2).', CLEN.key, { caseExact: true }),
  str('publicKey', 'Public key: COSE, base64url for FIDO2; as registered for FIDO_UAF.', CLEN.key, {
    caseExact: true,
  }),
  str('aaguid', 'Authenticator model AAGUID (FIDO2).', LEN.short),
  attr('signCount', 'Signature counter of the authenticator (FIDO2).', { type: 'integer' }),
  str('keyId', 'UAF key ID (FIDO_UAF).', CLEN.key, { caseExact: true }),
  str('aaid', 'Authenticator attestation ID, e.g. 4E4E#4005 (FIDO_UAF).', LEN.short),
  secret('puk', 'The PUK (PUK); write-only.', LEN.name),
  str('subjectNameId', 'SAML NameID of the user at the identity provider (SAML_FEDERATION).', LEN.url, {
    caseExact: true,
  }),
  str('subjectNameIdFormat', 'Format URI of subjectNameId (SAML_FEDERATION).', LEN.name, { caseExact: true }),
  str('issuerNameId', 'Entity ID of the identity provider (SAML_FEDERATION).', LEN.url, { caseExact: true }),
  str('issuerNameIdFormat', 'Format URI of issuerNameId (SAML_FEDERATION).', LEN.name, { caseExact: true }),
  str('urlPrefix', 'Prefix the generated ticket is appended to (URL_TICKET).', LEN.url, { caseExact: true }),
  complex(
    'tokens',
    'VASCO tokens; at least one.',
    [
      str('authMode', 'Authentication mode of the token.', LEN.short),
      str('data', 'Token data (DPX), base64.', CLEN.pem, { caseExact: true }),
    ],
    { multiValued: true },
  ),
  complex(
    'questions',
    'Security questions with their answers; at least one.',
    [
      str('question', 'The question.', LEN.url),
      secret('answer', 'The answer; write-only, stored hashed.', LEN.url),
    ],
    { multiValued: true },
  ),
  oneTime('otpauthUri', 'The otpauth:// key URI of an OATH credential (holds the secret)', LEN.url),
  oneTime('codes', 'The 16 single-use recovery codes', CLEN.recoveryCode, { multiValued: true }),
  oneTime('ticket', 'The ticket value', CLEN.ticket),
  oneTime('url', 'The ticket link (urlPrefix + ticket)', LEN.url + CLEN.ticket),
];

// ---------------------------------------------------------------------------------------------------------
// Validation

const TYPE_BY_LOWER = new Map<string, CredentialType>(CREDENTIAL_TYPES.map((t) => [t.toLowerCase(), t]));

/** Every type-specific sub-attribute name, and the types that own each. */
const OWNERS = new Map<string, CredentialType[]>();
for (const type of CREDENTIAL_TYPES) {
  for (const name of [...CREDENTIAL_RULES[type].attributes, ...CREDENTIAL_OUTPUTS[type]]) {
    OWNERS.set(name, [...(OWNERS.get(name) ?? []), type]);
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const COUNT_WORDS = ['zero', 'one', 'two', 'three'];

function isAbsent(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBase64(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && BASE64.test(value);
}

/** RFC 4648 §5, padding omitted (WebAuthn's encoding); a length of 4n+1 cannot encode whole bytes. */
function isBase64Url(value: unknown): boolean {
  return typeof value === 'string' && BASE64URL.test(value) && value.length % 4 !== 1;
}

function resolveType(value: unknown): CredentialType | undefined {
  return typeof value === 'string' ? TYPE_BY_LOWER.get(value.toLowerCase()) : undefined;
}

/**
 * Checks a canonical (already coerced) `credentials` list against USER-SCHEMA.md §3.1: per element its
 * type, the attributes its type allows and requires and their formats (400 invalidValue); then over the
 * list the per-type maxima and context uniqueness (422) and unique extIds (409 uniqueness).
 *
 * Security questions always need `question` and `answer`: answers are write-only, so a PUT that keeps the
 * questions sends their answers again.
 */
export function checkCredentials(list: readonly Record<string, unknown>[], pathPrefix: string): void {
  const types = list.map((element, i) => checkElement(element, `${pathPrefix}[${i}]`));

  const counts = new Map<CredentialType, number>();
  const contexts = new Map<string, number>();
  const extIds = new Map<string, number>();
  list.forEach((element, i) => {
    const type = types[i];
    const rule = CREDENTIAL_RULES[type];
    const path = `${pathPrefix}[${i}]`;
    const count = (counts.get(type) ?? 0) + 1;
    counts.set(type, count);
    if (rule.max !== undefined && count > rule.max) {
      const plural = rule.max === 1 ? '' : 's';
      throw ScimError.policy(
        `${path}: a user has at most ${COUNT_WORDS[rule.max] ?? rule.max} ${type} credential${plural}`,
      );
    }
    if (rule.uniqueBy === 'context' && typeof element.context === 'string') {
      const first = contexts.get(element.context);
      if (first !== undefined) {
        throw ScimError.policy(
          `${path}.context: a user has one ${type} credential per context; '${element.context}' is already used by ${pathPrefix}[${first}]`,
        );
      }
      contexts.set(element.context, i);
    }
    if (typeof element.extId === 'string') {
      const first = extIds.get(element.extId);
      if (first !== undefined) {
        throw ScimError.uniqueness(
          `${path}.extId: '${element.extId}' is already used by ${pathPrefix}[${first}]`,
        );
      }
      extIds.set(element.extId, i);
    }
  });
}

function checkElement(element: Record<string, unknown>, path: string): CredentialType {
  const type = resolveType(element.type);
  if (!type) {
    throw ScimError.invalidValue(
      isAbsent(element.type)
        ? `${path}.type is required`
        : `${path}.type must be one of ${CREDENTIAL_TYPES.join(', ')}`,
    );
  }
  const rule = CREDENTIAL_RULES[type];
  for (const [name, value] of Object.entries(element)) {
    if (value === undefined || value === null) continue;
    const owners = OWNERS.get(name);
    if (owners && !owners.includes(type)) {
      throw ScimError.invalidValue(
        `${path}.${name} is not an attribute of a ${type} credential (it belongs to ${owners.join(', ')})`,
      );
    }
  }
  for (const name of rule.required) {
    if (isAbsent(element[name])) throw ScimError.invalidValue(`${path}.${name} is required for ${type}`);
  }

  switch (type) {
    case 'MTAN':
      checkE164(element.mobileNumber, `${path}.mobileNumber`);
      break;
    case 'MOBILE_SIGNATURE':
      checkE164(element.msisdn, `${path}.msisdn`);
      break;
    case 'CERTIFICATE':
      if (typeof element.certificate !== 'string' || !certificateFacts(element.certificate)) {
        throw ScimError.invalidValue(`${path}.certificate is not a PEM X.509 certificate`);
      }
      break;
    case 'VASCO':
      checkList(element.tokens, `${path}.tokens`, (token, at) => {
        if (isAbsent(token.authMode)) throw ScimError.invalidValue(`${at}.authMode is required`);
        if (isAbsent(token.data)) throw ScimError.invalidValue(`${at}.data is required`);
        if (!isBase64(token.data)) throw ScimError.invalidValue(`${at}.data must be base64`);
      });
      break;
    case 'SECURITY_QUESTIONS':
      checkList(element.questions, `${path}.questions`, (question, at) => {
        if (isAbsent(question.question)) throw ScimError.invalidValue(`${at}.question is required`);
        if (isAbsent(question.answer)) throw ScimError.invalidValue(`${at}.answer is required`);
      });
      break;
    case 'FIDO2':
      if (!isAbsent(element.publicKey) && !isBase64Url(element.publicKey)) {
        throw ScimError.invalidValue(`${path}.publicKey must be base64url (RFC 4648 §5, unpadded)`);
      }
      break;
    case 'PASSWORD':
    case 'CONTEXT_PASSWORD':
    case 'DEVICE_PASSWORD':
    case 'TEMP_STRONG_PASSWORD':
    case 'GENERIC':
    case 'SECURID_ACCOUNT':
    case 'SAFEWORD_ACCOUNT':
    case 'KERBEROS':
    case 'OTP':
    case 'OATH':
    case 'FIDO_UAF':
    case 'PUK':
    case 'RECOVERY_CODE':
    case 'SAML_FEDERATION':
    case 'TICKET':
    case 'URL_TICKET':
      break;
  }
  return type;
}

function checkE164(value: unknown, path: string): void {
  if (typeof value !== 'string' || !E164.test(value)) {
    throw ScimError.invalidValue(`${path} must be an E.164 number: + then 2 to 15 digits, e.g. +41791234567`);
  }
}

/** A required list (presence already checked) whose every entry is an object passing `check`. */
function checkList(
  value: unknown,
  path: string,
  check: (entry: Record<string, unknown>, at: string) => void,
): void {
  if (!Array.isArray(value)) throw ScimError.invalidValue(`${path} must be a list`);
  value.forEach((entry: unknown, j) => {
    const at = `${path}[${j}]`;
    if (!isObject(entry)) throw ScimError.invalidValue(`${at} must be an object`);
    check(entry, at);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Certificates

export interface CertificateFacts {
  /** The subject DN in certificate order, `C=CH, O=Example AG, CN=alice` (OpenSSL's one-line form). */
  subjectDN: string;
  issuerDN: string;
  /** Upper-case hex, as OpenSSL prints it. */
  serialNumber: string;
  /** SHA-256 of the DER encoding, lower-case hex without separators. */
  fingerprintSha256: string;
  /** ISO 8601 instants (UTC). */
  notBefore: string;
  notAfter: string;
}

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+?\r?\n-----END CERTIFICATE-----\s*$/;

/** Parses one PEM X.509 certificate; undefined when the text is not one (DER is refused: the input is PEM). */
export function certificateFacts(pem: string): CertificateFacts | undefined {
  const text = pem.trim();
  if (!PEM_CERTIFICATE.test(text)) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(text);
  } catch {
    return undefined;
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return undefined;
  return {
    subjectDN: oneLineDN(cert.subject),
    issuerDN: oneLineDN(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    fingerprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}

/** Node renders a DN one RDN per line. */
function oneLineDN(dn: string): string {
  return dn
    .split('\n')
    .filter((rdn) => rdn !== '')
    .join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Generated one-time values (all from the CSPRNG)

const LOWER = 'abcdefghijkmnopqrstuvwxyz'; // no l
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I, O
const DIGITS = '23456789'; // no 0, 1
const SPECIAL = '!#$%&*+-=?@_';
/** Crockford's base32 symbols, lower case: 0/1 are unambiguous because o, i and l are absent. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)];
}

/** 20 characters with at least one lower-case letter, upper-case letter, digit and special character. */
export function generateTemporaryPassword(): string {
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SPECIAL)];
  while (chars.length < 20) chars.push(pick(all));
  // Fisher–Yates, so the guaranteed classes sit at random positions.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** RFC 4648 §6 base32, unpadded (what authenticator apps expect in `secret=`). */
function base32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff; // at most 12 pending bits matter
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * A TOTP secret of 160 bits (RFC 4226 §4's recommended length) and its Key URI
 * (`otpauth://totp/Issuer:label?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`).
 * An empty issuer leaves out the prefix and the parameter.
 */
export function generateOath(label: string, issuer: string): { secret: string; otpauthUri: string } {
  const secret = base32(randomBytes(20));
  const name = issuer
    ? `${encodeURIComponent(issuer)}:${encodeURIComponent(label)}`
    : encodeURIComponent(label);
  const issuerParam = issuer ? `&issuer=${encodeURIComponent(issuer)}` : '';
  return {
    secret,
    otpauthUri: `otpauth://totp/${name}?secret=${secret}${issuerParam}&algorithm=SHA1&digits=6&period=30`,
  };
}

/** 16 distinct codes `xxxx-xxxx-xxxx`, 12 symbols of 5 bits: 60 bits each. */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < 16) {
    let raw = '';
    for (let i = 0; i < 12; i++) raw += pick(RECOVERY_ALPHABET);
    codes.add(`${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`);
  }
  return [...codes];
}

/** 256 random bits, base64url (43 characters). */
export function generateTicket(): string {
  return randomBytes(32).toString('base64url');
}

/** A ticket and its link: the prefix as configured (ending in `=`, `/` or `?` as it needs) plus the ticket. */
export function generateUrlTicket(urlPrefix: string): { ticket: string; url: string } {
  const ticket = generateTicket();
  return { ticket, url: urlPrefix + ticket };
}

/** 12 digits, the first not 0 (so the number survives tools that read it as a number). */
export function generateOtpCardNumber(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}
