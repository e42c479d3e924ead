import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { MeController, UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [ClientsModule],
  controllers: [UsersController, MeController],
  providers: [UsersService, UsersRepository],
  exports: [UsersService],
})
export class UsersModule {}
