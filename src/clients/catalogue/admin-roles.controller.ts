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
import { CreateRoleDto, RoleListQueryDto, RolePage, RoleView, UpdateRoleDto } from '../dto/role.dto';
import type { RoleEntity } from '../entities/role.entity';
import { ApiDuplicate, ApiStillReferenced, CatalogueController } from './catalogue.swagger';
import { iso, requireClient } from './catalogue.support';
import { parseRoleKey, roleKeyText, RolesService } from './roles.service';

function roleView(r: RoleEntity): RoleView {
  return {
    role: roleKeyText(r),
    application: r.application,
    name: r.name,
    description: r.description,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

const roleParam = ApiParam({
  name: 'role',
  description: 'The role as `<application>.<role>` (the first dot separates them)',
  example: 'crm.admin',
});

/** The application roles of a client's catalogue (API.md §7), which authorizations grant. */
@CatalogueController('role')
@Controller('admin/clients/:extId/roles')
export class AdminRolesController {
  constructor(
    private readonly clients: ClientsService,
    private readonly roles: RolesService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an application role' })
  @ApiCreatedResponse({ type: RoleView })
  @ApiDuplicate('The role exists in the client')
  async create(@Param('extId') extId: string, @Body() dto: CreateRoleDto): Promise<RoleView> {
    const client = await requireClient(this.clients, extId);
    return roleView(await this.roles.create(client, dto));
  }

  @Get()
  @ApiOperation({ summary: "List a client's application roles" })
  @ApiOkResponse({ type: RolePage })
  async list(@Param('extId') extId: string, @Query() q: RoleListQueryDto): Promise<RolePage> {
    const client = await requireClient(this.clients, extId);
    return adminPage(q, (offset, limit) => this.roles.list(client, offset, limit, q.application), roleView);
  }

  @Get(':role')
  @roleParam
  @ApiOperation({ summary: 'Read an application role' })
  @ApiOkResponse({ type: RoleView })
  async get(@Param('extId') extId: string, @Param('role') role: string): Promise<RoleView> {
    const key = parseRoleKey(role);
    const client = await requireClient(this.clients, extId);
    return roleView(await this.roles.get(client, key));
  }

  @Patch(':role')
  @roleParam
  @ApiOperation({ summary: "Change a role's description" })
  @ApiOkResponse({ type: RoleView })
  async update(
    @Param('extId') extId: string,
    @Param('role') role: string,
    @Body() dto: UpdateRoleDto,
  ): Promise<RoleView> {
    const key = parseRoleKey(role);
    const client = await requireClient(this.clients, extId);
    return roleView(await this.roles.update(client, key, dto));
  }

  @Delete(':role')
  @HttpCode(204)
  @roleParam
  @ApiOperation({ summary: 'Delete an application role that no authorization grants' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiStillReferenced(
    'Authorizations still grant the role (the detail gives the count of profiles and users)',
  )
  async delete(@Param('extId') extId: string, @Param('role') role: string): Promise<void> {
    const key = parseRoleKey(role);
    const client = await requireClient(this.clients, extId);
    await this.roles.delete(client, key);
  }
}
