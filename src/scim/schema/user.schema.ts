import { attr, complex, type AttributeDef, type SchemaDef } from './schema.types';
import { URN } from './urns';

/** Column sizes shared by the schema (validation) and the entities (storage). */
export const LEN = {
  short: 64,
  type: 32,
  name: 255,
  email: 320,
  phone: 64,
  url: 1024,
  formatted: 1024,
  street: 512,
  postalCode: 32,
  // TEXT holds 65,535 bytes on MariaDB: 16,383 four-byte characters fit.
  multiValue: 16383,
  password: 1024,
  id: 64,
} as const;

const meta = complex(
  'meta',
  'Resource metadata (RFC 7643 §3.1).',
  [
    attr('resourceType', 'The name of the resource type.', { mutability: 'readOnly', caseExact: true }),
    attr('created', 'When the resource was added to the service provider.', {
      type: 'dateTime',
      mutability: 'readOnly',
    }),
    attr('lastModified', 'When the resource was last updated.', { type: 'dateTime', mutability: 'readOnly' }),
    attr('location', 'The URI of the resource.', {
      type: 'reference',
      referenceTypes: ['uri'],
      mutability: 'readOnly',
      caseExact: true,
    }),
    attr('version', 'The weak ETag of the resource.', { mutability: 'readOnly', caseExact: true }),
  ],
  { mutability: 'readOnly' },
);

/** The sub-attributes every multi-valued attribute of RFC 7643 §2.4 has, with a given `type` vocabulary. */
function multi(
  name: string,
  description: string,
  valueDef: Partial<AttributeDef>,
  types: readonly string[],
  extra: readonly AttributeDef[] = [],
): AttributeDef {
  return complex(
    name,
    description,
    [
      attr('value', `The value of the ${name} entry.`, {
        limits: { maxLength: LEN.multiValue },
        ...valueDef,
      }),
      attr('display', 'A human-readable name, primarily used for display purposes.', {
        limits: { maxLength: LEN.name },
      }),
      attr('type', 'A label indicating the function of the entry.', {
        canonicalValues: types,
        limits: { maxLength: LEN.type },
      }),
      attr('primary', 'Whether this is the primary entry; at most one per attribute.', { type: 'boolean' }),
      ...extra,
    ],
    { multiValued: true },
  );
}

const str = (
  name: string,
  description: string,
  maxLength: number = LEN.name,
  o: Partial<AttributeDef> = {},
) => attr(name, description, { limits: { maxLength }, ...o });

/** RFC 7643 §4.1 / §8.7.1: the core User schema. */
export const CORE_USER_SCHEMA: SchemaDef = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('id', 'Unique identifier of the user, issued by the service provider.', {
      mutability: 'readOnly',
      returned: 'always',
      caseExact: true,
      uniqueness: 'server',
    }),
    str('externalId', "The provisioning client's identifier of the user; unique per client.", LEN.name, {
      caseExact: true,
    }),
    str(
      'userName',
      'Unique identifier for the user (nevisIDM loginId), unique per client, case-insensitive.',
      LEN.name,
      {
        required: true,
        uniqueness: 'server',
        limits: { maxLength: LEN.name, identifier: true },
      },
    ),
    complex('name', "The components of the user's name.", [
      attr('formatted', 'The full name, derived from the given, middle and family names.', {
        mutability: 'readOnly',
      }),
      str('familyName', 'The family name (nevisIDM name).'),
      str('givenName', 'The given name (nevisIDM firstName).'),
      str('middleName', 'The middle name.'),
      str('honorificPrefix', 'The honorific prefix (nevisIDM title), e.g. "Ms.".'),
      str('honorificSuffix', 'The honorific suffix, e.g. "III".'),
    ]),
    str('displayName', 'The name of the user, suitable for display.'),
    str('nickName', 'The casual way to address the user.'),
    attr('profileUrl', "A URI of the user's online profile.", {
      type: 'reference',
      referenceTypes: ['external'],
      limits: { maxLength: LEN.url },
    }),
    str('title', "The user's job title."),
    str('userType', 'The relationship between the organization and the user.', LEN.short),
    str('preferredLanguage', 'The preferred written or spoken language (nevisIDM languageCode).', LEN.short),
    str('locale', 'The default location for localization, e.g. "en-US".', LEN.short),
    str('timezone', 'The time zone in IANA format, e.g. "Europe/Zurich".', LEN.short),
    attr('active', 'The administrative status of the user (derived from the nevisIDM state).', {
      type: 'boolean',
      returned: 'always',
    }),
    attr('password', 'The clear-text password; stored hashed as the PASSWORD credential, never returned.', {
      mutability: 'writeOnly',
      returned: 'never',
      caseExact: true,
      limits: { maxLength: LEN.password },
    }),
    multi('emails', 'Email addresses of the user.', { limits: { maxLength: LEN.email } }, [
      'work',
      'home',
      'other',
    ]),
    multi('phoneNumbers', 'Phone numbers of the user.', { limits: { maxLength: LEN.phone } }, [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    multi('ims', 'Instant messaging addresses.', {}, [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    multi('photos', 'URLs of photos of the user.', { type: 'reference', referenceTypes: ['external'] }, [
      'photo',
      'thumbnail',
    ]),
    complex(
      'addresses',
      'Physical mailing addresses.',
      [
        str('formatted', 'The full mailing address.', LEN.formatted),
        str('streetAddress', 'The full street address component.', LEN.street),
        str('locality', 'The city or locality.'),
        str('region', 'The state or region.'),
        str('postalCode', 'The zip code or postal code.', LEN.postalCode),
        str('country', 'The country name component (ISO 3166-1 alpha-2 recommended).', LEN.short),
        str('type', 'A label indicating the function of the address.', LEN.type, {
          canonicalValues: ['work', 'home', 'other'],
        }),
        attr('primary', 'Whether this is the primary address.', { type: 'boolean' }),
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'Groups the user belongs to (read-only; maintained through the Group resource).',
      [
        attr('value', 'The id of the group.', { mutability: 'readOnly' }),
        attr('$ref', 'The URI of the group.', {
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          mutability: 'readOnly',
        }),
        attr('display', 'The display name of the group.', { mutability: 'readOnly' }),
        attr('type', 'direct or indirect membership.', {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    multi('entitlements', 'Entitlements of the user.', {}, []),
    multi('roles', 'Roles of the user, as free-form strings from the connector.', {}, []),
    multi('x509Certificates', 'X.509 certificates (base64 DER).', { type: 'binary' }, []),
    meta,
  ],
};

/** RFC 7643 §4.3: the enterprise User extension. */
export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'A string identifier, typically numeric or alphanumeric, assigned to a person.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    complex('manager', "The user's manager (another user of the same client).", [
      str('value', 'The id of the manager.', LEN.id, { caseExact: true }),
      attr('$ref', 'The URI of the manager.', {
        type: 'reference',
        referenceTypes: ['User'],
        mutability: 'readOnly',
      }),
      attr('displayName', 'The display name of the manager.', { mutability: 'readOnly' }),
    ]),
  ],
};
