import { applyDecorators, Controller, Get, Param, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/decorators/access.decorator';
import { publicBaseUrl, ScimBase } from '../common/decorators/base-url.decorator';
import { ScimErrorSchema } from '../common/swagger/scim-error.schema';
import { ScimError } from '../scim/errors/scim-error';
import { DiscoveryService } from './discovery.service';

type Obj = Record<string, unknown>;

const pagingInt = (value: unknown, name: string): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[+-]?\d{1,15}$/.test(value))
    throw ScimError.invalidValue(`${name} must be an integer`);
  return Number(value);
};

function paging(q: Record<string, unknown>) {
  // RFC 7644 §4: filtering discovery resources is not supported and answers 403.
  if (q.filter !== undefined)
    throw ScimError.forbidden('Filtering is not supported on discovery endpoints (RFC 7644 §4)');
  return { startIndex: pagingInt(q.startIndex, 'startIndex'), count: pagingInt(q.count, 'count') };
}

const docs = (req: Request) => `${publicBaseUrl(req)}/docs`;
const startIndexQuery = ApiQuery({ name: 'startIndex', required: false, example: 1 });
const countQuery = ApiQuery({ name: 'count', required: false, example: 10 });
/** The errors a discovery list answers: bad paging (400) and any `filter` (403, RFC 7644 §4). */
const listErrors = applyDecorators(
  ApiBadRequestResponse({ description: 'startIndex or count is not an integer', type: ScimErrorSchema }),
  ApiForbiddenResponse({
    description: 'filter is not supported on discovery endpoints',
    type: ScimErrorSchema,
  }),
);

/**
 * Discovery without a client (nevisIDM serves it globally) and under each client prefix (IdP connectors are
 * given the tenant URL as their base). Both are public; a tenant prefix reports that client's limits.
 */
abstract class DiscoveryRoutes {
  constructor(protected readonly discovery: DiscoveryService) {}

  protected async spc(extId: string | undefined, base: string, req: Request): Promise<Obj> {
    return this.discovery.serviceProviderConfig(await this.discovery.settingsFor(extId), base, docs(req));
  }

  protected async schemaList(extId: string | undefined, base: string, q: Obj): Promise<Obj> {
    const p = paging(q);
    await this.discovery.settingsFor(extId);
    return this.discovery.list(this.discovery.schemas(base), p);
  }

  protected async schemaOne(extId: string | undefined, uri: string, base: string): Promise<Obj> {
    await this.discovery.settingsFor(extId);
    return this.discovery.schema(uri, base);
  }

  protected async typeList(extId: string | undefined, base: string, q: Obj): Promise<Obj> {
    const p = paging(q);
    await this.discovery.settingsFor(extId);
    return this.discovery.list(this.discovery.resourceTypes(base), p);
  }

  protected async typeOne(extId: string | undefined, id: string, base: string): Promise<Obj> {
    await this.discovery.settingsFor(extId);
    return this.discovery.resourceType(id, base);
  }
}

@ApiTags('SCIM: Discovery')
@Public()
@Controller('scim/v2')
export class GlobalDiscoveryController extends DiscoveryRoutes {
  constructor(discovery: DiscoveryService) {
    super(discovery);
  }

  @Get('ServiceProviderConfig')
  @ApiOperation({ summary: 'Service provider configuration (defaults)' })
  @ApiOkResponse({ description: 'RFC 7643 §5 ServiceProviderConfig' })
  getSpc(@ScimBase() base: string, @Req() req: Request) {
    return this.spc(undefined, base, req);
  }

  @Get('Schemas')
  @startIndexQuery
  @countQuery
  @listErrors
  @ApiOperation({ summary: 'All schemas with full attribute metadata' })
  @ApiOkResponse({ description: 'ListResponse of RFC 7643 §7 schemas' })
  getSchemas(@ScimBase() base: string, @Query() q: Obj) {
    return this.schemaList(undefined, base, q);
  }

  @Get('Schemas/:uri')
  @ApiParam({ name: 'uri', example: 'urn:ietf:params:scim:schemas:core:2.0:User' })
  @ApiOperation({ summary: 'One schema by URN' })
  @ApiOkResponse({ description: 'RFC 7643 §7 schema' })
  @ApiNotFoundResponse({ type: ScimErrorSchema })
  getSchema(@Param('uri') uri: string, @ScimBase() base: string) {
    return this.schemaOne(undefined, uri, base);
  }

  @Get('ResourceTypes')
  @startIndexQuery
  @countQuery
  @listErrors
  @ApiOperation({ summary: 'All resource types' })
  @ApiOkResponse({ description: 'ListResponse of RFC 7643 §6 resource types' })
  getTypes(@ScimBase() base: string, @Query() q: Obj) {
    return this.typeList(undefined, base, q);
  }

  @Get('ResourceTypes/:id')
  @ApiParam({ name: 'id', example: 'User' })
  @ApiOperation({ summary: 'One resource type' })
  @ApiOkResponse({ description: 'RFC 7643 §6 resource type' })
  @ApiNotFoundResponse({ type: ScimErrorSchema })
  getType(@Param('id') id: string, @ScimBase() base: string) {
    return this.typeOne(undefined, id, base);
  }
}

const clientParam = ApiParam({ name: 'clientExtId', example: 'acme' });

@ApiTags('SCIM: Discovery')
@Public()
@clientParam
@ApiNotFoundResponse({ description: 'Unknown or disabled client', type: ScimErrorSchema })
@Controller('scim/v2/:clientExtId')
export class TenantDiscoveryController extends DiscoveryRoutes {
  constructor(discovery: DiscoveryService) {
    super(discovery);
  }

  @Get('ServiceProviderConfig')
  @ApiOperation({ summary: "Service provider configuration with this client's limits" })
  @ApiOkResponse({ description: 'RFC 7643 §5 ServiceProviderConfig' })
  getSpc(@Param('clientExtId') extId: string, @ScimBase() base: string, @Req() req: Request) {
    return this.spc(extId, base, req);
  }

  @Get('Schemas')
  @startIndexQuery
  @countQuery
  @listErrors
  @ApiOperation({ summary: "All schemas, as this client's connector sees them" })
  @ApiOkResponse({ description: 'ListResponse of RFC 7643 §7 schemas' })
  getSchemas(@Param('clientExtId') extId: string, @ScimBase() base: string, @Query() q: Obj) {
    return this.schemaList(extId, base, q);
  }

  @Get('Schemas/:uri')
  @ApiParam({ name: 'uri', example: 'urn:ietf:params:scim:schemas:core:2.0:User' })
  @ApiOperation({ summary: 'One schema by URN' })
  @ApiOkResponse({ description: 'RFC 7643 §7 schema' })
  getSchema(@Param('clientExtId') extId: string, @Param('uri') uri: string, @ScimBase() base: string) {
    return this.schemaOne(extId, uri, base);
  }

  @Get('ResourceTypes')
  @startIndexQuery
  @countQuery
  @listErrors
  @ApiOperation({ summary: 'All resource types' })
  @ApiOkResponse({ description: 'ListResponse of RFC 7643 §6 resource types' })
  getTypes(@Param('clientExtId') extId: string, @ScimBase() base: string, @Query() q: Obj) {
    return this.typeList(extId, base, q);
  }

  @Get('ResourceTypes/:id')
  @ApiParam({ name: 'id', example: 'User' })
  @ApiOperation({ summary: 'One resource type' })
  @ApiOkResponse({ description: 'RFC 7643 §6 resource type' })
  getType(@Param('clientExtId') extId: string, @Param('id') id: string, @ScimBase() base: string) {
    return this.typeOne(extId, id, base);
  }
}
