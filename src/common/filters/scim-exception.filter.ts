import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ScimError } from '../../scim/errors/scim-error';
import { SCIM_CONTENT_TYPE } from '../http/scim-media';

/** Database errors that mean "the database is not reachable right now" (503, not 500). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'SQLITE_BUSY',
  'POOL_CLOSED',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What of an unexpected error goes to the log: its name, message, code and stack — never the SQL, its
 * parameters or the driver's copy of them, which can hold a user's data and credential hashes (SECURITY.md:
 * secrets are never logged).
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { value: typeof err };
  return { name: err.name, message: err.message, code: errorCode(err), stack: err.stack };
}

/** Maps Nest's HTTP exceptions (unknown route, validation pipe, throttler) onto SCIM errors. */
function fromHttpException(err: HttpException): ScimError {
  const status = err.getStatus();
  const response = err.getResponse();
  let detail = err.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const m = response.message;
    detail = Array.isArray(m) ? m.join('; ') : String(m);
  }
  switch (status) {
    case 400:
      return ScimError.invalidValue(detail);
    case 404:
      return ScimError.notFound(detail.startsWith('Cannot ') ? 'No such endpoint' : detail);
    case 429:
      return new ScimError(429, 'Too many requests; retry later', undefined, { 'Retry-After': '1' });
    default:
      return new ScimError(status, status >= 500 ? 'Internal server error' : detail);
  }
}

/**
 * The one exception filter (STYLE.md 5): every error of every route leaves as an RFC 7644 §3.12 body.
 * Unexpected errors become a 500 that says nothing but the request id; details go to the log only.
 */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScimExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const error = this.toScimError(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(error.toBody()));
  }

  private toScimError(exception: unknown, req: Request & { id?: string }): ScimError {
    if (exception instanceof ScimError) return exception;
    if (exception instanceof HttpException) return fromHttpException(exception);
    const code = errorCode(exception);
    if (code && UNAVAILABLE_CODES.has(code)) {
      this.logger.warn(`Database unavailable (${code}) for request ${req.id ?? '-'}`);
      return ScimError.unavailable('The database is unavailable; retry later');
    }
    this.logger.error(
      { err: loggableError(exception), requestId: req.id },
      `Unhandled error on ${req.method} ${req.path}`,
    );
    return ScimError.internal(req.id);
  }
}
