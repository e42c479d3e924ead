export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
/** Body media types parsed as JSON on every route (API.md §2). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/scim+json'];
export const SCIM_PATH_PREFIX = '/scim/v2';
