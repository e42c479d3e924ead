import { adminPage } from '../admin-paging';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ClientsService } from '../clients.service';
import { PageQueryDto } from '../dto/client.dto';
import {
  CreateEnterpriseRoleDto,
  EnterpriseRolePage,
  EnterpriseRoleView,
  UpdateEnterpriseRoleDto,
} from '../dto/enterprise-role.dto';
import type { EnterpriseRoleEntity } from '../entities/enterprise-role.entity';
import { ApiDuplicate, ApiStillReferenced, CatalogueController } from './catalogue.swagger';
import { iso, requireClient } from './catalogue.support';
import { EnterpriseRolesService } from './enterprise-roles.service';

function enterpriseRoleView(r: EnterpriseRoleEntity): EnterpriseRoleView {
  return {
    extId: r.extId,
    name: r.name,
    description: r.description,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

const roleParam = ApiParam({
  name: 'enterpriseRoleExtId',
  description: 'The enterprise role external id',
  example: 'branch-manager',
});

/** The enterprise roles of a client's catalogue (API.md §7), which ENTERPRISE authorizations grant. */
@CatalogueController('enterprise role')
@Controller('admin/clients/:extId/enterprise-roles')
export class AdminEnterpriseRolesController {
  constructor(
    private readonly clients: ClientsService,
    private readonly roles: EnterpriseRolesService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an enterprise role' })
  @ApiCreatedResponse({ type: EnterpriseRoleView })
  @ApiDuplicate('An enterprise role with this extId exists in the client')
  async create(
    @Param('extId') extId: string,
    @Body() dto: CreateEnterpriseRoleDto,
  ): Promise<EnterpriseRoleView> {
    const client = await requireClient(this.clients, extId);
    return enterpriseRoleView(await this.roles.create(client, dto));
  }

  @Get()
  @ApiOperation({ summary: "List a client's enterprise roles" })
  @ApiOkResponse({ type: EnterpriseRolePage })
  async list(@Param('extId') extId: string, @Query() q: PageQueryDto): Promise<EnterpriseRolePage> {
    const client = await requireClient(this.clients, extId);
    return adminPage(q, (offset, limit) => this.roles.list(client, offset, limit), enterpriseRoleView);
  }

  @Get(':enterpriseRoleExtId')
  @roleParam
  @ApiOperation({ summary: 'Read an enterprise role' })
  @ApiOkResponse({ type: EnterpriseRoleView })
  async get(
    @Param('extId') extId: string,
    @Param('enterpriseRoleExtId') roleExtId: string,
  ): Promise<EnterpriseRoleView> {
    const client = await requireClient(this.clients, extId);
    return enterpriseRoleView(await this.roles.get(client, roleExtId));
  }

  @Patch(':enterpriseRoleExtId')
  @roleParam
  @ApiOperation({ summary: 'Rename an enterprise role or change its description' })
  @ApiOkResponse({ type: EnterpriseRoleView })
  async update(
    @Param('extId') extId: string,
    @Param('enterpriseRoleExtId') roleExtId: string,
    @Body() dto: UpdateEnterpriseRoleDto,
  ): Promise<EnterpriseRoleView> {
    const client = await requireClient(this.clients, extId);
    return enterpriseRoleView(await this.roles.update(client, roleExtId, dto));
  }

  @Delete(':enterpriseRoleExtId')
  @HttpCode(204)
  @roleParam
  @ApiOperation({ summary: 'Delete an enterprise role that no authorization grants' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiStillReferenced(
    'Authorizations still grant the role (the detail gives the count of profiles and users)',
  )
  async delete(
    @Param('extId') extId: string,
    @Param('enterpriseRoleExtId') roleExtId: string,
  ): Promise<void> {
    const client = await requireClient(this.clients, extId);
    await this.roles.delete(client, roleExtId);
  }
}
