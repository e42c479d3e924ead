import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '../users/entities/user.entity';
import { AccessGuard } from './access.guard';
import { AdminAuthService } from './admin-auth.service';
import { AdminClientsController } from './admin-clients.controller';
import { ClientsService } from './clients.service';
import { ClientEntity } from './entities/client.entity';
import { ClientTokenEntity } from './entities/client-token.entity';
import { TokensService } from './tokens.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity, ClientTokenEntity, UserEntity])],
  controllers: [AdminClientsController],
  providers: [ClientsService, TokensService, AdminAuthService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [ClientsService],
})
export class ClientsModule {}
