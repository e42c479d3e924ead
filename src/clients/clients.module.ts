import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard';
import { AdminAuthService } from './admin-auth.service';
import { AdminClientsController } from './admin-clients.controller';
import { ClientsService } from './clients.service';
import { ClientEntity } from './entities/client.entity';
import { ClientTokenEntity } from './entities/client-token.entity';
import { TokensService } from './tokens.service';
import { AdminEnterpriseRolesController } from './catalogue/admin-enterprise-roles.controller';
import { AdminPropertyDefinitionsController } from './catalogue/admin-property-definitions.controller';
import { AdminRolesController } from './catalogue/admin-roles.controller';
import { AdminUnitsController } from './catalogue/admin-units.controller';
import { CatalogueLookup } from './catalogue/catalogue-lookup';
import { CatalogueReferences } from './catalogue/catalogue-references';
import { TenantSchemas } from './catalogue/tenant-schemas';
import { EnterpriseRolesService } from './catalogue/enterprise-roles.service';
import { PropertyDefinitionsService } from './catalogue/property-definitions.service';
import { RolesService } from './catalogue/roles.service';
import { UnitsService } from './catalogue/units.service';
import { EnterpriseRoleEntity } from './entities/enterprise-role.entity';
import { PropertyDefinitionEntity } from './entities/property-definition.entity';
import { RoleEntity } from './entities/role.entity';
import { UnitEntity } from './entities/unit.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ClientEntity,
      ClientTokenEntity,
      UnitEntity,
      RoleEntity,
      EnterpriseRoleEntity,
      PropertyDefinitionEntity,
    ]),
  ],
  controllers: [
    AdminClientsController,
    AdminUnitsController,
    AdminRolesController,
    AdminEnterpriseRolesController,
    AdminPropertyDefinitionsController,
  ],
  providers: [
    ClientsService,
    TokensService,
    AdminAuthService,
    { provide: APP_GUARD, useClass: AccessGuard },
    CatalogueReferences,
    CatalogueLookup,
    TenantSchemas,
    UnitsService,
    RolesService,
    EnterpriseRolesService,
    PropertyDefinitionsService,
  ],
  exports: [
    ClientsService,
    CatalogueReferences,
    CatalogueLookup,
    TenantSchemas,
    UnitsService,
    RolesService,
    EnterpriseRolesService,
    PropertyDefinitionsService,
  ],
})
export class ClientsModule {}
