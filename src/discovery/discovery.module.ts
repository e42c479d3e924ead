import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { GlobalDiscoveryController, TenantDiscoveryController } from './discovery.controller';
import { DiscoveryService } from './discovery.service';

@Module({
  imports: [ClientsModule],
  controllers: [GlobalDiscoveryController, TenantDiscoveryController],
  providers: [DiscoveryService],
})
export class DiscoveryModule {}
