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
 * given the tenant URL as their base): one controller on both base paths. Both are public; a client prefix
 * reports that client's limits, and an unknown or disabled client is 404.
 */
@ApiTags('SCIM: Discovery')
@Public()
@ApiNotFoundResponse({
  description: 'Unknown or disabled client (client-prefixed paths)',
  type: ScimErrorSchema,
})
@Controller(['scim/v2', 'scim/v2/:clientExtId'])
export class DiscoveryController {
  constructor(private readonly discovery: DiscoveryService) {}

  @Get('ServiceProviderConfig')
  @ApiOperation({ summary: "Service provider configuration (a client's limits under its prefix)" })
  @ApiOkResponse({ description: 'RFC 7643 §5 ServiceProviderConfig' })
  async getSpc(
    @Param('clientExtId') extId: string | undefined,
    @ScimBase() base: string,
    @Req() req: Request,
  ) {
    return this.discovery.serviceProviderConfig(await this.discovery.settingsFor(extId), base, docs(req));
  }

  @Get('Schemas')
  @startIndexQuery
  @countQuery
  @listErrors
  @ApiOperation({ summary: 'All schemas with full attribute metadata' })
  @ApiOkResponse({ description: 'ListResponse of RFC 7643 §7 schemas' })
  async getSchemas(
    @Param('clientExtId') extId: string | undefined,
    @ScimBase() base: string,
    @Query() q: Obj,
  ) {
    const p = paging(q);
    const registry = await this.discovery.registryFor(extId);
    return this.discovery.list(this.discovery.schemas(registry, base), p);
  }

  @Get('Schemas/:uri')
  @ApiParam({ name: 'uri', example: 'urn:ietf:params:scim:schemas:core:2.0:User' })
  @ApiOperation({ summary: 'One schema by URN' })
  @ApiOkResponse({ description: 'RFC 7643 §7 schema' })
  async getSchema(
    @Param('clientExtId') extId: string | undefined,
    @Param('uri') uri: string,
    @ScimBase() base: string,
  ) {
    return this.discovery.schema(await this.discovery.registryFor(extId), uri, base);
  }

  @Get('ResourceTypes')
  @startIndexQuery
  @countQuery
  @listErrors
  @ApiOperation({ summary: 'All resource types' })
  @ApiOkResponse({ description: 'ListResponse of RFC 7643 §6 resource types' })
  async getTypes(@Param('clientExtId') extId: string | undefined, @ScimBase() base: string, @Query() q: Obj) {
    const p = paging(q);
    await this.discovery.settingsFor(extId);
    return this.discovery.list(this.discovery.resourceTypes(base), p);
  }

  @Get('ResourceTypes/:id')
  @ApiParam({ name: 'id', example: 'User' })
  @ApiOperation({ summary: 'One resource type' })
  @ApiOkResponse({ description: 'RFC 7643 §6 resource type' })
  async getType(
    @Param('clientExtId') extId: string | undefined,
    @Param('id') id: string,
    @ScimBase() base: string,
  ) {
    await this.discovery.settingsFor(extId);
    return this.discovery.resourceType(id, base);
  }
}
