import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ScimErrorSchema } from '../swagger/scim-error.schema';

/**
 * Every route declares who may call it; the global access guard refuses a route that declares nothing
 * (fails closed), and a test walks all routes to check each declares one.
 */
export const ACCESS_KEY = 'scim-idm:access';
export type Access = 'public' | 'admin' | 'tenant';

/** Open to anyone (health, docs, discovery). */
export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);

/** The admin API: `Authorization: Bearer <ADMIN_TOKEN>`. */
export const AdminOnly = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'admin' satisfies Access),
    ApiBearerAuth('admin'),
    ApiUnauthorizedResponse({ description: 'Missing or wrong admin token', type: ScimErrorSchema }),
  );

/** SCIM routes of one client: `{clientExtId}` in the path and a bearer token of that client. */
export const TenantScoped = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'tenant' satisfies Access),
    ApiBearerAuth('scim'),
    ApiUnauthorizedResponse({
      description: 'Missing, unknown, revoked or expired token',
      type: ScimErrorSchema,
    }),
    ApiForbiddenResponse({
      description: 'The token belongs to another client, or the client is unknown or disabled',
      type: ScimErrorSchema,
    }),
  );
