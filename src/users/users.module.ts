import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { MeController, UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersPatchService } from './users-patch.service';
import { UsersQueryService } from './users-query.service';
import { UsersService } from './users.service';
import { NevisModel } from './nevis/nevis-model';
import { NevisRepository } from './nevis/nevis.repository';

@Module({
  imports: [ClientsModule],
  controllers: [UsersController, MeController],
  providers: [
    UsersService,
    UsersQueryService,
    UsersPatchService,
    UsersRepository,
    NevisRepository,
    NevisModel,
  ],
  exports: [UsersService],
})
export class UsersModule {}
