import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { ScimError } from '../../scim/errors/scim-error';
import { JSON_MEDIA_TYPES } from '../http/scim-media';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Parses JSON bodies of both SCIM media types (API.md §2), refuses any other body type with 415, and turns
 * body-parser failures into SCIM errors: malformed JSON 400 invalidSyntax, too large 413. The size limit is
 * enforced while reading. `/Bulk` gets its own, larger limit.
 */
@Injectable()
export class ScimBodyMiddleware implements NestMiddleware {
  private readonly parsers: { bulk: express.RequestHandler; other: express.RequestHandler };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const parser = (limit: number) => express.json({ limit, type: () => true, strict: true });
    this.parsers = { bulk: parser(config.bulkBodyLimitBytes), other: parser(config.bodyLimitBytes) };
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (!hasBody(req)) {
      next();
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!JSON_MEDIA_TYPES.includes(type)) {
      next(
        ScimError.unsupportedMediaType(
          `Content-Type '${type || '(none)'}' is not supported; send application/scim+json or application/json`,
        ),
      );
      return;
    }
    const isBulk = /\/bulk\/?$/i.test(req.path);
    const parse = isBulk ? this.parsers.bulk : this.parsers.other;
    parse(req, res, (err?: unknown) => {
      if (!err) {
        next();
        return;
      }
      const e = err as BodyParserError;
      if (e.type === 'entity.too.large') {
        next(ScimError.payloadTooLarge(`The request body exceeds the limit of ${e.limit ?? '?'} bytes`));
      } else if (e.type === 'entity.parse.failed') {
        next(ScimError.invalidSyntax('The request body is not valid JSON'));
      } else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
        next(ScimError.unsupportedMediaType('The request body encoding or charset is not supported'));
      } else {
        next(ScimError.invalidSyntax('The request body could not be read'));
      }
    });
  }
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}
