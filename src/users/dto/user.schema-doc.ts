import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
};

const { password: _password, ...withoutPassword } = USER_EXAMPLE;
export const USER_RESPONSE_EXAMPLE = {
  ...withoutPassword,
  id: '1042',
  name: { formatted: 'Barbara Jensen', givenName: 'Barbara', familyName: 'Jensen' },
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
    description:
      'nevisIDM extension: state (active|disabled|archived; core active follows it), technicalUser, birthDate ' +
      '(YYYY-MM-DD), gender (female|male|other), validFrom, validTo, remarks. A PUT without it keeps it.',
    example: { state: 'active', technicalUser: false, birthDate: '1815-12-10', gender: 'female' },
  })
  nevis?: Record<string, unknown>;
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
