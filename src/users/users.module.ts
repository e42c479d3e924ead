import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { MeController, UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersPatchService } from './users-patch.service';
import { UsersQueryService } from './users-query.service';
import { UsersService } from './users.service';
import { NevisCatalogue } from './nevis/nevis-catalogue';
import { NevisModel } from './nevis/nevis-model';
import { NevisRepository } from './nevis/nevis.repository';
import { TenantSchemas } from './nevis/tenant-schemas';

@Module({
  imports: [ClientsModule],
  controllers: [UsersController, MeController],
  providers: [
    UsersService,
    UsersQueryService,
    UsersPatchService,
    UsersRepository,
    NevisRepository,
    NevisCatalogue,
    NevisModel,
    TenantSchemas,
  ],
  exports: [UsersService, TenantSchemas],
})
export class UsersModule {}
