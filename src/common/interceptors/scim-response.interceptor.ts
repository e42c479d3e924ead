import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { SCIM_CONTENT_TYPE, SCIM_PATH_PREFIX } from '../http/scim-media';
import { etagMatches } from '../http/etag';

interface WithMeta {
  schemas?: unknown;
  meta?: { version?: unknown; location?: unknown };
}

/**
 * Response headers for SCIM routes: `Content-Type: application/scim+json`, the resource's `meta.version` as
 * `ETag`, `Location` on 201, and 304 for a matching `If-None-Match` on a GET of a single resource.
 */
@Injectable()
export class ScimResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const isScim = req.path.startsWith(SCIM_PATH_PREFIX);
    return next.handle().pipe(
      map((body: unknown) => {
        if (isScim) res.type(SCIM_CONTENT_TYPE);
        const version = singleResourceVersion(body);
        if (version === undefined) return body;
        res.setHeader('ETag', version);
        const location = (body as WithMeta).meta?.location;
        if (res.statusCode === 201 && typeof location === 'string') res.setHeader('Location', location);
        if (req.method === 'GET' && etagMatches(req.headers['if-none-match'], version)) {
          res.status(304);
          return undefined;
        }
        return body;
      }),
    );
  }
}

function singleResourceVersion(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const version = (body as WithMeta).meta?.version;
  return typeof version === 'string' ? version : undefined;
}
