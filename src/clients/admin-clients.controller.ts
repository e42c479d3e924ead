import { adminPage } from './admin-paging';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access.decorator';
import { ScimBase } from '../common/decorators/base-url.decorator';
import { ScimErrorSchema } from '../common/swagger/scim-error.schema';
import { ClientsService, type ClientRecord } from './clients.service';
import {
  ClientPage,
  ClientView,
  CreateClientDto,
  DeleteClientQueryDto,
  PageQueryDto,
  UpdateClientDto,
} from './dto/client.dto';
import { IssuedTokenView, IssueTokenDto, TokenView } from './dto/token.dto';
import type { ClientTokenEntity } from './entities/client-token.entity';
import { TokensService } from './tokens.service';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function clientView(record: ClientRecord, scimBase: string): ClientView {
  const e = record.entity;
  return {
    extId: e.extId,
    name: e.name,
    description: e.description,
    state: e.state,
    settings: record.settings,
    userCount: record.userCount,
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
    scimBaseUrl: `${scimBase}/${encodeURIComponent(e.extId)}`,
  };
}

function tokenView(t: ClientTokenEntity): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.tokenPrefix,
    createdAt: iso(t.createdAt)!,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

const extIdParam = ApiParam({ name: 'extId', description: 'The client external id', example: 'acme' });

/** The admin API of the Clients module (API.md §7), behind ADMIN_TOKEN. */
@ApiTags('Admin: clients')
@AdminOnly()
@ApiBadRequestResponse({ description: 'Invalid request', type: ScimErrorSchema })
@Controller('admin/clients')
export class AdminClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly tokens: TokensService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a client (tenant)' })
  @ApiCreatedResponse({ type: ClientView })
  @ApiConflictResponse({ description: 'A client with this extId exists', type: ScimErrorSchema })
  async create(@Body() dto: CreateClientDto, @ScimBase() base: string): Promise<ClientView> {
    return clientView(await this.clients.create(dto), base);
  }

  @Get()
  @ApiOperation({ summary: 'List clients, with their user counts' })
  @ApiOkResponse({ type: ClientPage })
  async list(@Query() q: PageQueryDto, @ScimBase() base: string): Promise<ClientPage> {
    return adminPage(
      q,
      (offset, limit) => this.clients.list(offset, limit),
      (r) => clientView(r, base),
    );
  }

  @Get(':extId')
  @extIdParam
  @ApiOperation({ summary: 'Read a client' })
  @ApiOkResponse({ type: ClientView })
  @ApiNotFoundResponse({ description: 'No such client', type: ScimErrorSchema })
  async get(@Param('extId') extId: string, @ScimBase() base: string): Promise<ClientView> {
    return clientView(await this.clients.get(extId), base);
  }

  @Patch(':extId')
  @extIdParam
  @ApiOperation({ summary: 'Rename a client, change its settings, or disable/enable it' })
  @ApiOkResponse({ type: ClientView })
  @ApiNotFoundResponse({ description: 'No such client', type: ScimErrorSchema })
  async update(
    @Param('extId') extId: string,
    @Body() dto: UpdateClientDto,
    @ScimBase() base: string,
  ): Promise<ClientView> {
    return clientView(await this.clients.update(extId, dto), base);
  }

  @Delete(':extId')
  @HttpCode(204)
  @extIdParam
  @ApiOperation({ summary: 'Delete a client and all its data (needs ?confirm={extId})' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such client', type: ScimErrorSchema })
  async delete(@Param('extId') extId: string, @Query() q: DeleteClientQueryDto): Promise<void> {
    await this.clients.delete(extId, q.confirm);
  }

  @Post(':extId/tokens')
  @extIdParam
  @ApiOperation({ summary: 'Issue a SCIM bearer token; the secret is in this response only' })
  @ApiCreatedResponse({ type: IssuedTokenView })
  @ApiNotFoundResponse({ description: 'No such client', type: ScimErrorSchema })
  async issueToken(@Param('extId') extId: string, @Body() dto: IssueTokenDto): Promise<IssuedTokenView> {
    const { entity: client } = await this.clients.get(extId);
    const { entity, token } = await this.tokens.issue(
      client,
      dto.name,
      dto.expiresAt ? new Date(dto.expiresAt) : undefined,
    );
    return {
      id: entity.id,
      name: entity.name,
      token,
      createdAt: iso(entity.createdAt)!,
      expiresAt: iso(entity.expiresAt),
    };
  }

  @Get(':extId/tokens')
  @extIdParam
  @ApiOperation({ summary: "List a client's tokens (no secrets)" })
  @ApiOkResponse({ type: [TokenView] })
  @ApiNotFoundResponse({ description: 'No such client', type: ScimErrorSchema })
  async listTokens(@Param('extId') extId: string): Promise<TokenView[]> {
    const { entity: client } = await this.clients.get(extId);
    return (await this.tokens.list(client)).map(tokenView);
  }

  @Delete(':extId/tokens/:tokenId')
  @HttpCode(204)
  @extIdParam
  @ApiParam({ name: 'tokenId', description: 'The token id', example: '3f1c2a9e-8d7b-4c55-9d0e-2b6f7a1c9e21' })
  @ApiOperation({ summary: 'Revoke a token' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'No such client or token', type: ScimErrorSchema })
  async revokeToken(@Param('extId') extId: string, @Param('tokenId') tokenId: string): Promise<void> {
    const { entity: client } = await this.clients.get(extId);
    await this.tokens.revoke(client, tokenId);
  }
}
