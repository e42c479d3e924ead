/**
 * The SCIM error (RFC 7644 §3.12). Every failure a SCIM route can produce is one of these;
 * the global exception filter renders it as
 * `{"schemas":[ERROR_URN],"status":"400","scimType":"invalidFilter","detail":"..."}`.
 */
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The scimType values of RFC 7644 §3.12 Table 9, plus RFC 9865's cursor errors — the only ones emitted. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor';

export interface ScimErrorBody {
  schemas: [typeof ERROR_URN];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    /** Extra response headers (Retry-After, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  toBody(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [ERROR_URN], status: String(this.status), detail: this.detail };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }

  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidFilter');
  }
  static tooMany(detail: string): ScimError {
    return new ScimError(400, detail, 'tooMany');
  }
  static uniqueness(detail: string): ScimError {
    return new ScimError(409, detail, 'uniqueness');
  }
  static mutability(detail: string): ScimError {
    return new ScimError(400, detail, 'mutability');
  }
  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidSyntax');
  }
  static invalidPath(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidPath');
  }
  static noTarget(detail: string): ScimError {
    return new ScimError(400, detail, 'noTarget');
  }
  static invalidValue(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidValue');
  }
  static invalidVers(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidVers');
  }
  /** RFC 9865 §6: a cursor that is malformed or does not belong to this query. */
  static invalidCursor(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidCursor');
  }
  static sensitive(detail: string): ScimError {
    return new ScimError(403, detail, 'sensitive');
  }
  /** A business rule of the client's policy (422, RFC-defined scimType invalidValue). */
  static policy(detail: string): ScimError {
    return new ScimError(422, detail, 'invalidValue');
  }
  static unauthorized(detail = 'A valid bearer token is required'): ScimError {
    return new ScimError(401, detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  static forbidden(detail: string): ScimError {
    return new ScimError(403, detail);
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, detail);
  }
  static conflict(detail: string): ScimError {
    return new ScimError(409, detail);
  }
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, detail);
  }
  static payloadTooLarge(detail: string): ScimError {
    return new ScimError(413, detail);
  }
  static unsupportedMediaType(detail: string): ScimError {
    return new ScimError(415, detail);
  }
  static notImplemented(detail: string): ScimError {
    return new ScimError(501, detail);
  }
  static unavailable(detail = 'The service is temporarily unavailable', retryAfterSeconds = 5): ScimError {
    return new ScimError(503, detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
  static internal(requestId?: string): ScimError {
    return new ScimError(
      500,
      requestId ? `Internal server error (request ${requestId})` : 'Internal server error',
    );
  }
}
