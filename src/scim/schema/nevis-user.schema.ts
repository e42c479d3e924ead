import { CREDENTIAL_SUB_ATTRIBUTES } from '../nevis/credential-types';
import { LOGIN_INFO, propertiesAttribute } from '../nevis/nevis-attributes';
import { attr, complex, type AttributeDef, type SchemaDef } from './schema.types';
import { URN } from './urns';

/** Column sizes of the nevisIDM extension. */
export const NEVIS_LEN = { extId: 64, name: 255, remarks: 1024, role: 64 + 1 + 128 } as const;

const extId = (what: string) =>
  attr('extId', `Identifies the ${what} within its user; generated (UUID) when not given; immutable.`, {
    caseExact: true,
    mutability: 'immutable',
    limits: { maxLength: NEVIS_LEN.extId, identifier: true },
  });

const validity = (what: string) => [
  attr('validFrom', `Start of the validity window of the ${what}.`, { type: 'dateTime' }),
  attr('validTo', `End of the validity window of the ${what}.`, { type: 'dateTime' }),
];

const DATA_ROOM = complex(
  'dataRoom',
  'IDM authorizations only: the data the administration role applies to.',
  [
    attr('clientGlobal', 'All clients.', { type: 'boolean' }),
    attr('unitGlobal', 'All units.', { type: 'boolean' }),
    attr('applicationGlobal', 'All applications.', { type: 'boolean' }),
    attr('enterpriseRoleGlobal', 'All enterprise roles.', { type: 'boolean' }),
    ...['clients', 'units', 'applications', 'enterpriseRoles'].map((name) =>
      attr(name, `The ${name} (extIds or names) the role applies to.`, {
        multiValued: true,
        caseExact: true,
        limits: { maxLength: NEVIS_LEN.extId },
      }),
    ),
  ],
);

export const AUTHORIZATION_KINDS = ['APPLICATION', 'IDM', 'ENTERPRISE'] as const;

const AUTHORIZATIONS = complex(
  'authorizations',
  'The roles granted through the profile; the same role at most once per profile.',
  [
    extId('authorization'),
    attr('kind', 'APPLICATION (an application role), IDM (a nevisIDM administration role), ENTERPRISE.', {
      canonicalValues: AUTHORIZATION_KINDS,
      caseExact: true,
      limits: { enforceCanonical: true, maxLength: 16 },
    }),
    attr('role', "APPLICATION and IDM: `<application>.<role>` of the client's role catalogue.", {
      caseExact: true,
      limits: { maxLength: NEVIS_LEN.role },
    }),
    attr('enterpriseRoleExtId', "ENTERPRISE: the extId of an enterprise role of the client's catalogue.", {
      caseExact: true,
      limits: { maxLength: NEVIS_LEN.extId },
    }),
    DATA_ROOM,
    ...validity('authorization'),
  ],
  { multiValued: true },
);

export const PROFILE_STATES = ['active', 'disabled', 'archived'] as const;

const profilesAttribute = (properties: AttributeDef) =>
  complex(
    'profiles',
    'Profiles placing the user in units of the client, each with its authorizations; exactly one is the default.',
    [
      extId('profile'),
      attr('name', 'Name of the profile.', { limits: { maxLength: NEVIS_LEN.name } }),
      attr('unitExtId', "The unit of the client's catalogue (required).", {
        caseExact: true,
        limits: { maxLength: NEVIS_LEN.extId },
      }),
      attr('state', 'Profile state.', {
        canonicalValues: PROFILE_STATES,
        limits: { enforceCanonical: true, maxLength: 16 },
      }),
      attr('default', 'Whether this is the default profile (exactly one when the user has profiles).', {
        type: 'boolean',
      }),
      ...validity('profile'),
      attr('remarks', 'Free-text remarks.', { limits: { maxLength: NEVIS_LEN.remarks } }),
      properties,
      AUTHORIZATIONS,
    ],
    { multiValued: true },
  );

const credentialsAttribute = (properties: AttributeDef) =>
  complex(
    'credentials',
    'The credentials of the user (USER-SCHEMA.md §3.1). Secrets are write-only; generated ones are returned once.',
    CREDENTIAL_SUB_ATTRIBUTES.map((a) => (a.name === 'properties' ? properties : a)),
    { multiValued: true },
  );

/** The client's custom property definitions, as the `properties` sub-attributes of each scope. */
export interface PropertySubAttributes {
  user: readonly AttributeDef[];
  profile: readonly AttributeDef[];
  credential: readonly AttributeDef[];
}

const NO_PROPERTIES: PropertySubAttributes = { user: [], profile: [], credential: [] };

/**
 * The nevisIDM User extension (USER-SCHEMA.md §3): state and personal data, credentials, profiles with
 * authorizations, login information and custom properties. The global schema has open `properties`; a
 * tenant's view lists the client's definitions in them.
 */
export function nevisUserSchema(properties: PropertySubAttributes = NO_PROPERTIES): SchemaDef {
  return {
    id: URN.nevisUser,
    name: 'NevisUser',
    description: 'nevisIDM user extension',
    attributes: [
      attr('state', 'The user state; core active is true exactly when it is active.', {
        canonicalValues: ['active', 'disabled', 'archived'],
        limits: { enforceCanonical: true, maxLength: 16 },
      }),
      attr('technicalUser', 'Whether the user is a technical (non-person) user (nevisIDM isTechnicalUser).', {
        type: 'boolean',
      }),
      attr('birthDate', 'Date of birth, YYYY-MM-DD.', { limits: { format: 'date', maxLength: 10 } }),
      attr('gender', 'Gender.', {
        canonicalValues: ['female', 'male', 'other'],
        limits: { enforceCanonical: true, maxLength: 16 },
      }),
      ...validity('user'),
      attr('remarks', 'Free-text remarks.', { limits: { maxLength: NEVIS_LEN.remarks } }),
      credentialsAttribute(propertiesAttribute('credential', properties.credential)),
      profilesAttribute(propertiesAttribute('profile', properties.profile)),
      LOGIN_INFO,
      propertiesAttribute('user', properties.user),
    ],
  };
}

export const NEVIS_USER_SCHEMA: SchemaDef = nevisUserSchema();
