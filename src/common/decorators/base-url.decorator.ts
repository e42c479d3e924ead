import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { SCIM_PATH_PREFIX } from '../http/scim-media';

export const PUBLIC_BASE_URL_KEY = 'scimPublicBaseUrl';

/**
 * The absolute base of the service for `meta.location` / `Location`: PUBLIC_BASE_URL when set, else the
 * request's protocol and host (Express honours X-Forwarded-* only when TRUST_PROXY is on).
 */
export function publicBaseUrl(req: Request): string {
  const configured = (req.app.locals as Record<string, unknown>)[PUBLIC_BASE_URL_KEY];
  if (typeof configured === 'string') return configured;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The SCIM base of the request: `{publicBase}/scim/v2` or `{publicBase}/scim/v2/{clientExtId}`. */
export const ScimBase = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const extId = req.params.clientExtId;
  const base = `${publicBaseUrl(req)}${SCIM_PATH_PREFIX}`;
  return typeof extId === 'string' ? `${base}/${encodeURIComponent(extId)}` : base;
});
