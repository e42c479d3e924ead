import { adminPage } from '../admin-paging';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ScimErrorSchema } from '../../common/swagger/scim-error.schema';
import { ClientsService } from '../clients.service';
import { PageQueryDto } from '../dto/client.dto';
import { CreateUnitDto, UnitPage, UnitView, UpdateUnitDto } from '../dto/unit.dto';
import type { UnitEntity } from '../entities/unit.entity';
import { ApiDuplicate, ApiStillReferenced, CatalogueController } from './catalogue.swagger';
import { iso, requireClient } from './catalogue.support';
import { UnitsService } from './units.service';

function unitView(u: UnitEntity): UnitView {
  return {
    extId: u.extId,
    name: u.name,
    parentExtId: u.parentExtId,
    description: u.description,
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
  };
}

const unitParam = ApiParam({ name: 'unitExtId', description: 'The unit external id', example: 'sales-emea' });
const parentRule = ApiUnprocessableEntityResponse({
  description: 'parentExtId names no unit of this client, or would make a cycle',
  type: ScimErrorSchema,
});

/** The units of a client's catalogue (API.md §7), which profiles place users in. */
@CatalogueController('unit')
@Controller('admin/clients/:extId/units')
export class AdminUnitsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly units: UnitsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a unit' })
  @ApiCreatedResponse({ type: UnitView })
  @ApiDuplicate('A unit with this extId exists in the client')
  @parentRule
  async create(@Param('extId') extId: string, @Body() dto: CreateUnitDto): Promise<UnitView> {
    const client = await requireClient(this.clients, extId);
    return unitView(await this.units.create(client, dto));
  }

  @Get()
  @ApiOperation({ summary: "List a client's units" })
  @ApiOkResponse({ type: UnitPage })
  async list(@Param('extId') extId: string, @Query() q: PageQueryDto): Promise<UnitPage> {
    const client = await requireClient(this.clients, extId);
    return adminPage(q, (offset, limit) => this.units.list(client, offset, limit), unitView);
  }

  @Get(':unitExtId')
  @unitParam
  @ApiOperation({ summary: 'Read a unit' })
  @ApiOkResponse({ type: UnitView })
  async get(@Param('extId') extId: string, @Param('unitExtId') unitExtId: string): Promise<UnitView> {
    const client = await requireClient(this.clients, extId);
    return unitView(await this.units.get(client, unitExtId));
  }

  @Patch(':unitExtId')
  @unitParam
  @ApiOperation({ summary: 'Rename a unit, move it under another parent, or change its description' })
  @ApiOkResponse({ type: UnitView })
  @parentRule
  async update(
    @Param('extId') extId: string,
    @Param('unitExtId') unitExtId: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitView> {
    const client = await requireClient(this.clients, extId);
    return unitView(await this.units.update(client, unitExtId, dto));
  }

  @Delete(':unitExtId')
  @HttpCode(204)
  @unitParam
  @ApiOperation({ summary: 'Delete a unit that nothing refers to' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiStillReferenced(
    "The unit has child units, is the client's default unit, or is still the unit of profiles (the detail says which, with the count)",
  )
  async delete(@Param('extId') extId: string, @Param('unitExtId') unitExtId: string): Promise<void> {
    const client = await requireClient(this.clients, extId);
    await this.units.delete(client, unitExtId);
  }
}
