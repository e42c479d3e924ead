import { NEVIS_USER_SCHEMA } from './nevis-user.schema';
import { SchemaRegistry } from './schema.registry';
import type { ResourceTypeDef } from './schema.types';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from './user.schema';
import { URN } from './urns';

export const USER_RESOURCE_TYPE: ResourceTypeDef = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: URN.user,
  schemaExtensions: [
    { schema: URN.enterpriseUser, required: false },
    { schema: URN.nevisUser, required: false },
  ],
};

/** The registry every module uses: core User plus the enterprise and nevisIDM extensions. */
export function createDefaultRegistry(): SchemaRegistry {
  return new SchemaRegistry(
    [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, NEVIS_USER_SCHEMA],
    [USER_RESOURCE_TYPE],
  );
}
