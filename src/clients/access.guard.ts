import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, type Access } from '../common/decorators/access.decorator';
import { TENANT_REQUEST_KEY, type RequestWithTenant } from '../common/decorators/tenant.decorator';
import { ScimError } from '../scim/errors/scim-error';
import { AdminAuthService } from './admin-auth.service';
import { ClientsService } from './clients.service';
import { TokensService } from './tokens.service';

/** One message for "other client" and "unknown client", so a token cannot probe which clients exist. */
const WRONG_CLIENT = 'This token is not valid for the requested client';

/**
 * The global guard (tenancy by construction): a route is public, admin or tenant-scoped by its decorator,
 * and a route that declares none is refused. For tenant routes it turns `{clientExtId}` and the bearer
 * token into the TenantContext that `@Tenant()` hands to the handler.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly admin: AdminAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<RequestWithTenant>();
    switch (access) {
      case 'public':
        return true;
      case 'admin':
        return this.checkAdmin(req);
      case 'tenant':
        return this.resolveTenant(req);
      case undefined:
        throw ScimError.forbidden('This route declares no access rule');
    }
  }

  private checkAdmin(req: RequestWithTenant): boolean {
    if (!this.admin.enabled)
      throw ScimError.unauthorized('The admin API is disabled: ADMIN_TOKEN is not set');
    const presented = bearer(req);
    if (!presented || !this.admin.verify(presented))
      throw ScimError.unauthorized('A valid admin token is required');
    return true;
  }

  private async resolveTenant(req: RequestWithTenant): Promise<boolean> {
    const presented = bearer(req);
    if (!presented)
      throw ScimError.unauthorized('A bearer token is required (Authorization: Bearer <token>)');
    const check = await this.tokens.check(presented);
    if (!check.ok) {
      const why = { unknown: 'is not valid', revoked: 'has been revoked', expired: 'has expired' }[
        check.reason
      ];
      throw ScimError.unauthorized(`The bearer token ${why}`);
    }
    const extId = req.params.clientExtId;
    if (typeof extId !== 'string' || extId !== check.client.extId) throw ScimError.forbidden(WRONG_CLIENT);
    if (check.client.state !== 'active') throw ScimError.forbidden('This client is disabled');
    req[TENANT_REQUEST_KEY] = {
      clientId: check.client.id,
      extId: check.client.extId,
      settings: ClientsService.settingsOf(check.client),
    };
    return true;
  }
}

function bearer(req: RequestWithTenant): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}
