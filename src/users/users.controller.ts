import {
  All,
  applyDecorators,
  Body,
  Controller,
  Delete,
  Patch,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiUnprocessableEntityResponse,
  ApiExtraModels,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { TenantContext } from '../clients/tenant-context';
import { TenantScoped } from '../common/decorators/access.decorator';
import { ScimBase } from '../common/decorators/base-url.decorator';
import { Tenant } from '../common/decorators/tenant.decorator';
import { ScimErrorSchema } from '../common/swagger/scim-error.schema';
import { ScimError } from '../scim/errors/scim-error';
import type { ScimResult } from '../common/http/scim-result';
import type { ScimResource } from '../scim/schema/schema.registry';
import { GetUserQueryDto, ListUsersQueryDto, SearchRequestDto } from './dto/list-users.query';
import {
  BulkExportDoc,
  PATCH_EXAMPLES,
  PatchOpDoc,
  USER_EXAMPLE,
  USER_RESPONSE_EXAMPLE,
  UserDoc,
  UserListDoc,
} from './dto/user.schema-doc';
import { UsersQueryService, type BulkExport, type ListResponse } from './users-query.service';
import { UsersPatchService } from './users-patch.service';
import { UsersService } from './users.service';

const clientParam = ApiParam({
  name: 'clientExtId',
  description: 'The client (tenant) external id',
  example: 'acme',
});
const idParam = ApiParam({ name: 'id', description: 'The user id', example: '1042' });
const badRequest = ApiBadRequestResponse({
  description: 'Invalid request (SCIM error)',
  type: ScimErrorSchema,
});
const conflict = ApiConflictResponse({
  description:
    'uniqueness: userName or externalId already exists in this client, a custom property unique per client ' +
    'already has the value, an extId is given twice, or a profile grants the same role twice',
  type: ScimErrorSchema,
});
const unprocessable = ApiUnprocessableEntityResponse({
  description:
    "A rule of the client (scimType invalidValue): a mandatory attribute is missing, a password breaks the password policy, a unit, role, enterprise role or custom property is not in the client's catalogue, a property value breaks its definition, or a credential type's limit per user is exceeded",
  type: ScimErrorSchema,
});
const notFound = ApiNotFoundResponse({ description: 'No such user in this client', type: ScimErrorSchema });
const ifMatch = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'Weak ETag, e.g. W/"3"; 412 on mismatch',
});

/** What list and search answer: a ListResponse or an export, 400 for a bad request, 403 for a secret. */
const listResponses = applyDecorators(
  ApiOkResponse({
    description: 'A ListResponse, or a BulkRequest with bulkImportFormat=true',
    schema: { oneOf: [{ $ref: getSchemaPath(UserListDoc) }, { $ref: getSchemaPath(BulkExportDoc) }] },
  }),
  ApiForbiddenResponse({
    description: 'The filter names a secret attribute (scimType sensitive)',
    type: ScimErrorSchema,
  }),
  ApiBadRequestResponse({ description: 'Invalid request (SCIM error)', type: ScimErrorSchema }),
);

const toInt = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** SCIM Users (API.md §4). Thin: HTTP to one service call. */
@ApiTags('SCIM: Users')
@ApiExtraModels(UserListDoc, BulkExportDoc)
@TenantScoped()
@clientParam
@Controller('scim/v2/:clientExtId/Users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly queries: UsersQueryService,
    private readonly patches: UsersPatchService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List users: filter, sortBy/sortOrder, attributes, startIndex/count or RFC 9865 cursor paging',
    description:
      'Without sortBy users come in id order. `cursor` (empty to start) switches to keyset paging with ' +
      '`nextCursor`/`previousCursor`. `bulkImportFormat=true` answers a BulkRequest of POSTs (an export).',
  })
  @listResponses
  list(
    @Tenant() tenant: TenantContext,
    @Query() q: ListUsersQueryDto,
    @ScimBase() base: string,
  ): Promise<ListResponse | BulkExport> {
    return this.queries.list(
      tenant,
      {
        ...q,
        startIndex: toInt(q.startIndex),
        count: toInt(q.count),
        bulkImportFormat: q.bulkImportFormat === 'true',
      },
      { attributes: q.attributes, excludedAttributes: q.excludedAttributes },
      base,
    );
  }

  @Post('.search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search users with a SearchRequest body (RFC 7644 §3.4.3); same semantics as the list',
  })
  @listResponses
  search(
    @Tenant() tenant: TenantContext,
    @Body() body: SearchRequestDto,
    @ScimBase() base: string,
  ): Promise<ListResponse | BulkExport> {
    return this.queries.list(
      tenant,
      body,
      { attributes: body.attributes, excludedAttributes: body.excludedAttributes },
      base,
    );
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiBody({ type: UserDoc, examples: { user: { summary: 'A user from an IdP', value: USER_EXAMPLE } } })
  @ApiCreatedResponse({
    description:
      'The created user, with Location and ETag headers; secrets the server generated for new credentials ' +
      '(temporary password, OATH otpauthUri, recovery codes, tickets) appear in this response only',
    type: UserDoc,
    example: USER_RESPONSE_EXAMPLE,
  })
  @conflict
  @unprocessable
  @badRequest
  create(
    @Tenant() tenant: TenantContext,
    @Body() body: unknown,
    @ScimBase() base: string,
  ): Promise<ScimResult> {
    return this.users.create(tenant, body, base);
  }

  @Get(':id')
  @idParam
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'Weak ETag; 304 when it matches' })
  @ApiOperation({ summary: 'Read a user' })
  @ApiOkResponse({ type: UserDoc, example: USER_RESPONSE_EXAMPLE })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched)' })
  @notFound
  get(
    @Tenant() tenant: TenantContext,
    @Param('id') id: string,
    @Query() q: GetUserQueryDto,
    @ScimBase() base: string,
  ): Promise<ScimResult> {
    return this.users.get(tenant, id, base, q);
  }

  @Put(':id')
  @idParam
  @ifMatch
  @ApiOperation({ summary: 'Replace a user (RFC 7644 §3.5.1): attributes not in the body are cleared' })
  @ApiBody({ type: UserDoc, examples: { user: { summary: 'Okta-style full replace', value: USER_EXAMPLE } } })
  @ApiOkResponse({ type: UserDoc, example: USER_RESPONSE_EXAMPLE })
  @ApiPreconditionFailedResponse({
    description: 'If-Match does not match the current version',
    type: ScimErrorSchema,
  })
  @conflict
  @unprocessable
  @notFound
  @badRequest
  replace(
    @Tenant() tenant: TenantContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @ScimBase() base: string,
  ): Promise<ScimResult> {
    return this.users.replace(tenant, id, body, ifMatchHeader, base);
  }

  @Delete(':id')
  @HttpCode(204)
  @idParam
  @ifMatch
  @ApiOperation({ summary: 'Delete a user and everything hanging from it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiPreconditionFailedResponse({
    description: 'If-Match does not match the current version',
    type: ScimErrorSchema,
  })
  @notFound
  async delete(
    @Tenant() tenant: TenantContext,
    @Param('id') id: string,
    @Headers('if-match') ifMatchHeader: string | undefined,
  ): Promise<void> {
    await this.users.delete(tenant, id, ifMatchHeader);
  }

  @Patch(':id')
  @idParam
  @ifMatch
  @ApiOperation({
    summary: 'Modify a user with a PatchOp (RFC 7644 §3.5.2)',
    description:
      'Operations apply in order to one copy of the user; the result is validated as a whole and written in ' +
      'one transaction (nothing is written on any error). Paths: attr, attr.sub, attr[filter], attr[filter].sub, ' +
      'URN-prefixed. Connector tolerances (Entra "True"/"False", filtered paths creating elements, pathless ' +
      'dotted keys) are on unless the client runs in strictRfc mode. `performGet: false` (or the client setting ' +
      'patchReturnsResource=false) answers 204 with the ETag — except when the operations created a credential ' +
      'whose generated secret is shown once: then the answer is 200 with the user. nevisIDM targets: ' +
      'credentials[extId eq "…"], profiles[…].authorizations[…], properties.<name>, loginInfo {"success": true}.',
  })
  @ApiBody({ type: PatchOpDoc, examples: PATCH_EXAMPLES })
  @ApiOkResponse({ type: UserDoc, example: USER_RESPONSE_EXAMPLE })
  @ApiNoContentResponse({ description: 'Patched; performGet false or patchReturnsResource false' })
  @ApiPreconditionFailedResponse({
    description: 'If-Match does not match the current version',
    type: ScimErrorSchema,
  })
  @conflict
  @unprocessable
  @notFound
  @badRequest
  patch(
    @Tenant() tenant: TenantContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @ScimBase() base: string,
  ): Promise<ScimResult<ScimResource | undefined>> {
    return this.patches.patch(tenant, id, body, ifMatchHeader, base);
  }
}

/** `/Me` (RFC 7644 §3.11): a connector token is not a user. */
@ApiTags('SCIM: Users')
@TenantScoped()
@clientParam
@Controller('scim/v2/:clientExtId/Me')
export class MeController {
  @Get()
  @ApiOperation({ summary: '/Me is not supported: a connector token does not authenticate a user' })
  @ApiResponse({ status: 501, description: 'Not implemented', type: ScimErrorSchema })
  get(): never {
    return this.refuse();
  }

  @All()
  @ApiExcludeEndpoint()
  other(): never {
    return this.refuse();
  }

  private refuse(): never {
    throw ScimError.notImplemented(
      '/Me is not supported: the bearer token belongs to a client, not to a user',
    );
  }
}
