import { Global, Module } from '@nestjs/common';
import { createDefaultRegistry } from '../scim/schema/resource-types';
import { SchemaRegistry } from '../scim/schema/schema.registry';

/** Makes the SCIM protocol core's schema registry injectable everywhere. */
@Global()
@Module({
  providers: [{ provide: SchemaRegistry, useFactory: createDefaultRegistry }],
  exports: [SchemaRegistry],
})
export class ScimCoreModule {}
