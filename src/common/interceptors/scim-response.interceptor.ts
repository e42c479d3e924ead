import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { SCIM_CONTENT_TYPE, SCIM_PATH_PREFIX } from '../http/scim-media';
import { etagMatches } from '../http/etag';
import { ScimResult } from '../http/scim-result';

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
      map((value: unknown) => {
        if (isScim) res.type(SCIM_CONTENT_TYPE);
        if (!(value instanceof ScimResult)) return value;
        res.setHeader('ETag', value.etag);
        if (value.status !== undefined) res.status(value.status);
        if (res.statusCode === 201) res.setHeader('Location', value.location);
        if (req.method === 'GET' && etagMatches(req.headers['if-none-match'], value.etag)) {
          res.status(304);
          return undefined;
        }
        return value.body as unknown;
      }),
    );
  }
}
