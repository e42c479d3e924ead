import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { TenantContext } from '../../clients/tenant-context';

export const TENANT_REQUEST_KEY = 'scimTenant';

export type RequestWithTenant = Request & { [TENANT_REQUEST_KEY]?: TenantContext };

/** The tenant the access guard resolved; throws if the guard did not run (a programming error). */
export const Tenant = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantContext => {
  const tenant = ctx.switchToHttp().getRequest<RequestWithTenant>()[TENANT_REQUEST_KEY];
  if (!tenant) throw new Error('@Tenant() used on a route that is not @TenantScoped()');
  return tenant;
});
