import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CREDENTIAL_STATES, CREDENTIAL_TYPES } from '../../scim/nevis/credential-types';
import { AUTHORIZATION_KINDS, PROFILE_STATES } from '../../scim/schema/nevis-user.schema';

/**
 * Swagger documentation of the User resource. Bodies are not validated by this class — the schema registry
 * coerces them (case-insensitive names, URN extension keys) — it only describes the wire format.
 */
export const USER_EXAMPLE = {
  schemas: [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  ],
  userName: 'bjensen@example.com',
  externalId: '00u1a2b3c4',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs Jensen',
  active: true,
  password: 't1meMa$heen',
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  phoneNumbers: [{ value: '+41 44 555 12 12', type: 'work' }],
  addresses: [
    {
      streetAddress: 'Bahnhofstrasse 1',
      locality: 'Zürich',
      postalCode: '8001',
      country: 'CH',
      type: 'work',
    },
  ],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    employeeNumber: '701984',
    department: 'R&D',
  },
  'urn:nevis:idm:scim:schemas:v1:extension:User': {
    credentials: [{ type: 'MTAN', extId: 'mtan-1', mobileNumber: '+41791234567' }],
    profiles: [
      {
        extId: 'p-1',
        unitExtId: 'hq',
        default: true,
        authorizations: [{ kind: 'APPLICATION', role: 'crm.reader' }],
      },
    ],
  },
};

const { password: _password, ...withoutPassword } = USER_EXAMPLE;
export const USER_RESPONSE_EXAMPLE = {
  ...withoutPassword,
  id: '1042',
  name: { formatted: 'Barbara Jensen', givenName: 'Barbara', familyName: 'Jensen' },
  'urn:nevis:idm:scim:schemas:v1:extension:User': {
    state: 'active',
    credentials: [
      {
        extId: 'mtan-1',
        type: 'MTAN',
        state: 'active',
        mobileNumber: '+41791234567',
        created: '2026-11-27T10:15:00.000Z',
        lastModified: '2026-11-27T10:15:00.000Z',
      },
    ],
    profiles: [
      {
        extId: 'p-1',
        unitExtId: 'hq',
        state: 'active',
        default: true,
        authorizations: [
          { extId: '9b1c7c1e-3f0a-4d56-9a8e-2f1b6f0d4c21', kind: 'APPLICATION', role: 'crm.reader' },
        ],
      },
    ],
  },
  meta: {
    resourceType: 'User',
    created: '2026-11-27T10:15:00.000Z',
    lastModified: '2026-11-27T10:15:00.000Z',
    location: 'https://idm.example.com/scim/v2/acme/Users/1042',
    version: 'W/"1"',
  },
};

class MultiValueDoc {
  @ApiProperty({ example: 'bjensen@example.com' }) value: string;
  @ApiPropertyOptional({ example: 'work' }) type?: string;
  @ApiPropertyOptional({ example: true }) primary?: boolean;
  @ApiPropertyOptional() display?: string;
}

class NameDoc {
  @ApiPropertyOptional({ readOnly: true, example: 'Barbara Jensen' }) formatted?: string;
  @ApiPropertyOptional({ example: 'Jensen' }) familyName?: string;
  @ApiPropertyOptional({ example: 'Barbara' }) givenName?: string;
  @ApiPropertyOptional() middleName?: string;
  @ApiPropertyOptional({ example: 'Ms.' }) honorificPrefix?: string;
  @ApiPropertyOptional() honorificSuffix?: string;
}

class AddressDoc {
  @ApiPropertyOptional() formatted?: string;
  @ApiPropertyOptional({ example: 'Bahnhofstrasse 1' }) streetAddress?: string;
  @ApiPropertyOptional({ example: 'Zürich' }) locality?: string;
  @ApiPropertyOptional() region?: string;
  @ApiPropertyOptional({ example: '8001' }) postalCode?: string;
  @ApiPropertyOptional({ example: 'CH' }) country?: string;
  @ApiPropertyOptional({ example: 'work' }) type?: string;
  @ApiPropertyOptional() primary?: boolean;
}

class MetaDoc {
  @ApiProperty({ example: 'User' }) resourceType: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) created: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) lastModified: string;
  @ApiProperty({ example: 'https://idm.example.com/scim/v2/acme/Users/1042' }) location: string;
  @ApiProperty({ example: 'W/"1"' }) version: string;
}

class LoginInfoDoc {
  @ApiPropertyOptional({ example: '2026-11-27T08:00:00.000Z' }) lastLogin?: string;
  @ApiPropertyOptional({ example: '2026-11-20T17:45:12.000Z' }) lastLoginFailure?: string;
  @ApiPropertyOptional({ example: 42 }) successfulLoginCount?: number;
  @ApiPropertyOptional({ example: 1 }) failedLoginCount?: number;
  @ApiPropertyOptional({
    writeOnly: true,
    description: 'PATCH add of {"success": true|false} records one login event now (time and counter)',
  })
  success?: boolean;
}

class CredentialDoc {
  @ApiPropertyOptional({ example: 'pw-1', description: 'Generated (UUID) when absent; immutable' })
  extId?: string;
  @ApiProperty({
    example: 'MTAN',
    enum: [...CREDENTIAL_TYPES],
  })
  type: string;
  @ApiPropertyOptional({
    example: 'active',
    enum: [...CREDENTIAL_STATES],
  })
  state?: string;
  @ApiPropertyOptional() validFrom?: string;
  @ApiPropertyOptional() validTo?: string;
  @ApiPropertyOptional({
    writeOnly: true,
    description:
      'PASSWORD and similar: hashed (scrypt), never returned; the client password policy applies (422)',
  })
  password?: string;
  @ApiPropertyOptional({ example: '+41791234567', description: 'MTAN: E.164' }) mobileNumber?: string;
  @ApiPropertyOptional({
    description:
      'CERTIFICATE: PEM; subjectDN, issuerDN, serialNumber, fingerprintSha256, notBefore, notAfter are parsed from it',
  })
  certificate?: string;
  @ApiPropertyOptional({
    example: 'alice@example.com',
    description: 'OATH: label; the otpauth URI is returned once',
  })
  label?: string;
  @ApiPropertyOptional({
    readOnly: true,
    description: 'OATH: returned once, in the response that created the credential',
  })
  otpauthUri?: string;
  @ApiPropertyOptional({
    readOnly: true,
    type: [String],
    description: 'RECOVERY_CODE: 16 codes, returned once',
  })
  codes?: string[];
  @ApiPropertyOptional({ readOnly: true }) created?: string;
  @ApiPropertyOptional({ readOnly: true }) lastModified?: string;
  @ApiPropertyOptional({ type: LoginInfoDoc }) loginInfo?: LoginInfoDoc;
  @ApiPropertyOptional({ description: 'Custom properties of scope credential', example: { issuedBy: 'ops' } })
  properties?: Record<string, unknown>;
}

class AuthorizationDoc {
  @ApiPropertyOptional({ example: 'a-1' }) extId?: string;
  @ApiProperty({ enum: [...AUTHORIZATION_KINDS], example: 'APPLICATION' }) kind: string;
  @ApiPropertyOptional({
    example: 'crm.reader',
    description: "APPLICATION/IDM: <application>.<role> of the client's catalogue",
  })
  role?: string;
  @ApiPropertyOptional({
    example: 'er-auditor',
    description: 'ENTERPRISE: an enterprise role of the catalogue',
  })
  enterpriseRoleExtId?: string;
  @ApiPropertyOptional({ description: 'IDM only', example: { unitGlobal: false, units: ['sales'] } })
  dataRoom?: Record<string, unknown>;
  @ApiPropertyOptional() validFrom?: string;
  @ApiPropertyOptional() validTo?: string;
}

class ProfileDoc {
  @ApiPropertyOptional({ example: 'p-1' }) extId?: string;
  @ApiPropertyOptional({ example: 'Head office' }) name?: string;
  @ApiProperty({ example: 'hq', description: "A unit of the client's catalogue (422 otherwise)" })
  unitExtId: string;
  @ApiPropertyOptional({ enum: [...PROFILE_STATES], example: 'active' }) state?: string;
  @ApiPropertyOptional({ example: true, description: 'Exactly one profile is the default' })
  default?: boolean;
  @ApiPropertyOptional() validFrom?: string;
  @ApiPropertyOptional() validTo?: string;
  @ApiPropertyOptional() remarks?: string;
  @ApiPropertyOptional({ description: 'Custom properties of scope profile', example: { desk: 'A-12' } })
  properties?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: [AuthorizationDoc],
    description: 'The same role at most once per profile (409)',
  })
  authorizations?: AuthorizationDoc[];
}

class NevisUserDoc {
  @ApiPropertyOptional({ enum: ['active', 'disabled', 'archived'], description: 'Core active follows it' })
  state?: string;
  @ApiPropertyOptional({ example: false }) technicalUser?: boolean;
  @ApiPropertyOptional({ example: '1815-12-10' }) birthDate?: string;
  @ApiPropertyOptional({ enum: ['female', 'male', 'other'] }) gender?: string;
  @ApiPropertyOptional() validFrom?: string;
  @ApiPropertyOptional() validTo?: string;
  @ApiPropertyOptional() remarks?: string;
  @ApiPropertyOptional({
    type: [CredentialDoc],
    description: 'Secrets are write-only; generated ones are returned once',
  })
  credentials?: CredentialDoc[];
  @ApiPropertyOptional({ type: [ProfileDoc] }) profiles?: ProfileDoc[];
  @ApiPropertyOptional({ type: LoginInfoDoc, description: 'Written by PATCH only' }) loginInfo?: LoginInfoDoc;
  @ApiPropertyOptional({
    description:
      "Custom properties of scope user, as the client's property definitions allow (the tenant's /Schemas lists them)",
    example: { costCenter: '4130' },
  })
  properties?: Record<string, unknown>;
}

export class UserDoc {
  @ApiPropertyOptional({ type: [String], example: USER_EXAMPLE.schemas }) schemas?: string[];
  @ApiPropertyOptional({ readOnly: true, example: '1042' }) id?: string;
  @ApiPropertyOptional({ example: '00u1a2b3c4' }) externalId?: string;
  @ApiProperty({ description: 'Unique per client, case-insensitive', example: 'bjensen@example.com' })
  userName: string;
  @ApiPropertyOptional({ type: NameDoc }) name?: NameDoc;
  @ApiPropertyOptional({ example: 'Babs Jensen' }) displayName?: string;
  @ApiPropertyOptional() nickName?: string;
  @ApiPropertyOptional() profileUrl?: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() userType?: string;
  @ApiPropertyOptional({ example: 'de' }) preferredLanguage?: string;
  @ApiPropertyOptional({ example: 'de-CH' }) locale?: string;
  @ApiPropertyOptional({ example: 'Europe/Zurich' }) timezone?: string;
  @ApiPropertyOptional({ example: true }) active?: boolean;
  @ApiPropertyOptional({ writeOnly: true, description: 'Stored hashed; never returned' }) password?: string;
  @ApiPropertyOptional({ type: [MultiValueDoc] }) emails?: MultiValueDoc[];
  @ApiPropertyOptional({ type: [MultiValueDoc] }) phoneNumbers?: MultiValueDoc[];
  @ApiPropertyOptional({ type: [AddressDoc] }) addresses?: AddressDoc[];
  @ApiPropertyOptional({ type: [MultiValueDoc] }) ims?: MultiValueDoc[];
  @ApiPropertyOptional({ type: [MultiValueDoc] }) photos?: MultiValueDoc[];
  @ApiPropertyOptional({ type: [MultiValueDoc] }) entitlements?: MultiValueDoc[];
  @ApiPropertyOptional({ type: [MultiValueDoc] }) roles?: MultiValueDoc[];
  @ApiPropertyOptional({ type: [MultiValueDoc] }) x509Certificates?: MultiValueDoc[];
  @ApiPropertyOptional({
    name: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    description:
      'Enterprise extension: employeeNumber, costCenter, organization, division, department, manager',
    example: { employeeNumber: '701984', department: 'R&D', manager: { value: '1001' } },
  })
  enterprise?: Record<string, unknown>;
  @ApiPropertyOptional({
    name: 'urn:nevis:idm:scim:schemas:v1:extension:User',
    type: () => NevisUserDoc,
    description: 'nevisIDM extension (USER-SCHEMA.md §3). A PUT without it keeps the stored one.',
  })
  nevis?: NevisUserDoc;
  @ApiPropertyOptional({ type: MetaDoc, readOnly: true }) meta?: MetaDoc;
}

export class UserListDoc {
  @ApiProperty({ example: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], type: [String] })
  schemas: string[];
  @ApiProperty({ example: 1 }) totalResults: number;
  @ApiPropertyOptional({ example: 1, description: 'Absent with cursor paging' }) startIndex?: number;
  @ApiProperty({ example: 1 }) itemsPerPage: number;
  @ApiPropertyOptional({ description: 'RFC 9865: the cursor of the next page (absent on the last page)' })
  nextCursor?: string;
  @ApiPropertyOptional({
    description: 'RFC 9865: the cursor of the previous page (absent on the first page)',
  })
  previousCursor?: string;
  @ApiProperty({ type: [UserDoc] }) Resources: UserDoc[];
}

class BulkExportOperationDoc {
  @ApiProperty({ example: 'POST' }) method: string;
  @ApiProperty({ example: '/Users' }) path: string;
  @ApiProperty({ example: '1042', description: "The user's id in this client" }) bulkId: string;
  @ApiProperty({ type: UserDoc, description: 'The user without id, meta, groups or secrets' }) data: UserDoc;
}

/** `bulkImportFormat=true`: a page as a BulkRequest of POSTs (API.md §4.8). */
export class BulkExportDoc {
  @ApiProperty({ example: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], type: [String] })
  schemas: string[];
  @ApiProperty({ type: [BulkExportOperationDoc] }) Operations: BulkExportOperationDoc[];
  @ApiProperty({ example: 1 }) totalResults: number;
  @ApiPropertyOptional({ description: 'RFC 9865: the cursor of the next page, with cursor paging' })
  nextCursor?: string;
}

class PatchOperationDoc {
  @ApiProperty({
    enum: ['add', 'replace', 'remove'],
    description: 'Case-insensitive (Entra sends Add/Replace/Remove)',
  })
  op: string;
  @ApiPropertyOptional({ example: 'emails[type eq "work"].value', description: 'Required for remove' })
  path?: string;
  @ApiPropertyOptional({ description: 'Any JSON value; for a pathless add/replace an object of attributes' })
  value?: unknown;
}

/** RFC 7644 §3.5.2 PatchOp (nevisIDM's `operations` spelling accepted too). */
export class PatchOpDoc {
  @ApiPropertyOptional({ example: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], type: [String] })
  schemas?: string[];
  @ApiProperty({ type: [PatchOperationDoc] }) Operations: PatchOperationDoc[];
  @ApiPropertyOptional({ description: 'false: answer 204 instead of the user (nevisIDM)', example: true })
  performGet?: boolean;
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const NEVIS = 'urn:nevis:idm:scim:schemas:v1:extension:User';
export const PATCH_EXAMPLES = {
  entraDisable: {
    summary: 'Entra ID: disable (boolean as a string)',
    value: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
  },
  entraWorkEmail: {
    summary: 'Entra ID: set the work email (created if missing)',
    value: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'bjensen@example.com' }],
    },
  },
  oktaDeactivate: {
    summary: 'Okta: deactivate (pathless replace)',
    value: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] },
  },
  nevisAddCredential: {
    summary: 'nevisIDM: add an mTAN credential',
    value: {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'add', path: `${NEVIS}:credentials`, value: { type: 'MTAN', mobileNumber: '+41791234567' } },
      ],
    },
  },
  nevisPassword: {
    summary: 'nevisIDM: replace the password (client password policy applies)',
    value: {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: `${NEVIS}:credentials[type eq "PASSWORD"].password`, value: 'N3w-passw0rd!' },
      ],
    },
  },
  nevisLogin: {
    summary: 'nevisIDM: record a successful login on the user',
    value: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: `${NEVIS}:loginInfo`, value: { success: true } }],
    },
  },
  nevisProfile: {
    summary: 'nevisIDM: make a profile the default and grant a role in it',
    value: {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: `${NEVIS}:profiles[extId eq "p-2"].default`, value: true },
        {
          op: 'add',
          path: `${NEVIS}:profiles[extId eq "p-2"].authorizations`,
          value: { kind: 'APPLICATION', role: 'crm.reader' },
        },
      ],
    },
  },
  nevisProperty: {
    summary: 'nevisIDM: set a custom property',
    value: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: `${NEVIS}:properties.costCenter`, value: '4130' }],
    },
  },
  enterprise: {
    summary: 'Enterprise attribute by URN path',
    value: {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'R&D',
        },
      ],
    },
  },
};
