/**
 * A single resource with the headers that go with it. Services return it so that `ETag` and `Location`
 * do not depend on what the projection left in the body (`attributes=userName` drops `meta`).
 */
export class ScimResult<T = Record<string, unknown>> {
  constructor(
    readonly body: T,
    readonly etag: string,
    readonly location: string,
    /** A status other than the route's default (PATCH answers 204 when no resource is wanted). */
    readonly status?: number,
  ) {}
}
