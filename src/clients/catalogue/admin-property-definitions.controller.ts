import { adminPage } from '../admin-paging';
import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ClientsService } from '../clients.service';
import {
  CreatePropertyDefinitionDto,
  PropertyDefinitionListQueryDto,
  PropertyDefinitionPage,
  PropertyDefinitionView,
  UpdatePropertyDefinitionDto,
} from '../dto/property-definition.dto';
import type { PropertyDefinitionEntity } from '../entities/property-definition.entity';
import { ApiDuplicate, ApiStillReferenced, CatalogueController } from './catalogue.swagger';
import { iso, requireClient } from './catalogue.support';
import { PROPERTY_SCOPES } from './property-definition.rules';
import { parseScope, PropertyDefinitionsService, propertyRuleOf } from './property-definitions.service';

function definitionView(d: PropertyDefinitionEntity): PropertyDefinitionView {
  return {
    name: d.name,
    scope: d.scope,
    type: d.type,
    maxLength: d.maxLength,
    pattern: d.pattern,
    allowedValues: propertyRuleOf(d).allowedValues?.slice() ?? null,
    required: d.required,
    unique: d.uniquePerClient,
    description: d.description,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

const keyParams = applyDecorators(
  ApiParam({ name: 'scope', enum: PROPERTY_SCOPES, example: 'user' }),
  ApiParam({
    name: 'name',
    description: 'The property name, URL-encoded (spaces as %20); matched regardless of case',
    example: 'cost center',
  }),
);

/** The custom property definitions of a client's catalogue (API.md §7, USER-SCHEMA.md §3.4). */
@CatalogueController('property definition')
@Controller('admin/clients/:extId/property-definitions')
export class AdminPropertyDefinitionsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly definitions: PropertyDefinitionsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Define a custom property of users, profiles or credentials' })
  @ApiCreatedResponse({ type: PropertyDefinitionView })
  @ApiDuplicate('A definition of this name (in any case) exists for the scope')
  async create(
    @Param('extId') extId: string,
    @Body() dto: CreatePropertyDefinitionDto,
  ): Promise<PropertyDefinitionView> {
    const client = await requireClient(this.clients, extId);
    return definitionView(await this.definitions.create(client, dto));
  }

  @Get()
  @ApiOperation({ summary: "List a client's property definitions" })
  @ApiOkResponse({ type: PropertyDefinitionPage })
  async list(
    @Param('extId') extId: string,
    @Query() q: PropertyDefinitionListQueryDto,
  ): Promise<PropertyDefinitionPage> {
    const client = await requireClient(this.clients, extId);
    return adminPage(
      q,
      (offset, limit) => this.definitions.list(client, offset, limit, q.scope),
      definitionView,
    );
  }

  @Get(':scope/:name')
  @keyParams
  @ApiOperation({ summary: 'Read a property definition' })
  @ApiOkResponse({ type: PropertyDefinitionView })
  async get(
    @Param('extId') extId: string,
    @Param('scope') scope: string,
    @Param('name') name: string,
  ): Promise<PropertyDefinitionView> {
    const validScope = parseScope(scope);
    const client = await requireClient(this.clients, extId);
    return definitionView(await this.definitions.get(client, validScope, name));
  }

  @Patch(':scope/:name')
  @keyParams
  @ApiOperation({
    summary: "Change a definition's type, rule, flags or description (name and scope are its key)",
  })
  @ApiOkResponse({ type: PropertyDefinitionView })
  @ApiStillReferenced('The type would change while values of the property exist')
  async update(
    @Param('extId') extId: string,
    @Param('scope') scope: string,
    @Param('name') name: string,
    @Body() dto: UpdatePropertyDefinitionDto,
  ): Promise<PropertyDefinitionView> {
    const validScope = parseScope(scope);
    const client = await requireClient(this.clients, extId);
    return definitionView(await this.definitions.update(client, validScope, name, dto));
  }

  @Delete(':scope/:name')
  @HttpCode(204)
  @keyParams
  @ApiOperation({ summary: 'Delete a property definition that no value uses' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiStillReferenced('Users, profiles or credentials still have values of the property (with the counts)')
  async delete(
    @Param('extId') extId: string,
    @Param('scope') scope: string,
    @Param('name') name: string,
  ): Promise<void> {
    const validScope = parseScope(scope);
    const client = await requireClient(this.clients, extId);
    await this.definitions.delete(client, validScope, name);
  }
}
