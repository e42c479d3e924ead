/** Weak ETags `W/"<n>"` from the row version (API.md §2). */
export function versionToEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Whether an `If-Match` / `If-None-Match` header value matches an ETag, by weak comparison (RFC 9110
 * §8.8.3.2): `*` matches anything; a list matches if any member does.
 */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (t: string) => t.trim().replace(/^W\//i, '');
  const target = bare(etag);
  return header.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === target);
}
